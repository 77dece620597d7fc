from core.embeddings.models import MODELS, ModelInfo, is_loaded, load_vectors, read_vectors
from core.embeddings.projection import project, warm_up_umap

__all__ = ["MODELS", "ModelInfo", "is_loaded", "load_vectors", "read_vectors", "project", "warm_up_umap"]
