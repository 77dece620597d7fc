from core.embeddings.analogy import analogy, evaluate_analogies
from core.embeddings.models import MODELS, ModelInfo, is_loaded, load_vectors, read_vectors
from core.embeddings.projection import project, warm_up_umap

__all__ = [
    "MODELS", "ModelInfo", "analogy", "evaluate_analogies", "is_loaded", "load_vectors", "project", "read_vectors",
    "warm_up_umap",
]
