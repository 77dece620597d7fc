"""Class mode in a real browser: a teacher and three students on one server (issue 23).

Join by code (typed, and by the link), follow a page change and a setting, break away and come
back, answer a question and see the reveal. The same across two replicas behind nginx with
Redis: tests/deploy/test_class_replicas.py."""

import re
import time

from tests.browser.conftest import assert_no_errors, wait_for_app

# Followers must follow; how fast is measured by bench/class_load.py (a timed assertion is flaky
# on a shared runner). Seen here from the teacher's own page showing a change to each follower's
# address: a setting 0.5-1.2 s, a new page (the playground, four tabs drawing it on 2 cores)
# 1.8-2.5 s; the server's own part, from the publish to the follower's run starting, 10 ms.
FOLLOW_TIMEOUT_MS = 15_000


def start_class(teacher, app_url: str, path: str) -> str:
    teacher.goto(f"{app_url}/{path}")
    wait_for_app(teacher)
    teacher.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").filter(has_text="Class mode").click()
    teacher.locator(".st-key-class_start button").click()
    teacher.wait_for_url(re.compile(r".*[?&]class=[A-Z0-9]{6}.*"), timeout=15_000)
    wait_for_app(teacher)
    return re.search(r"class=([A-Z0-9]{6})", teacher.url).group(1)


def all_follow(students, pattern: str, started: float) -> list[float]:
    """Each student's time from `started` until its address matches `pattern`."""
    times = []
    for student in students:
        student.wait_for_function("(pattern) => new RegExp(pattern).test(location.href)", arg=pattern,
                                  timeout=FOLLOW_TIMEOUT_MS,
                                  polling=20)
        times.append(round(time.perf_counter() - started, 2))
    return times


def test_a_teacher_and_three_students(browser_context, app_url):
    teacher = browser_context.new_page()
    code = start_class(teacher, app_url, "activations")  # a light page: four sessions draw it at once
    spoken = f"{code[:3]} {code[3:]}"
    assert teacher.get_by_text(spoken).count() >= 1  # the code to read aloud
    assert "teacher=" in teacher.url  # the private teacher link restores the seat after a reload
    assert teacher.locator("[data-testid='stSidebar'] .vl-class-qr img").count() == 1  # the QR code

    # one student by the link (Russian), one types the code with a nickname (Kazakh), one English
    by_link = browser_context.new_page()
    by_link.goto(f"{app_url}/?class={code}&lang=ru")
    typed = browser_context.new_page()
    typed.goto(f"{app_url}/?lang=kk")
    wait_for_app(typed)
    typed.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").click()
    typed.locator(".st-key-class_code_input input").fill(code.lower()[:3] + " " + code.lower()[3:])
    typed.locator(".st-key-class_nickname input").fill("<b>Ana</b>")
    typed.locator(".st-key-class_join button").click()
    third = browser_context.new_page()
    third.goto(f"{app_url}/?class={code}")
    students = [by_link, typed, third]
    all_follow(students, r".*/activations.*", time.perf_counter())  # each takes on the teacher's page
    for student in students:
        wait_for_app(student)
        assert student.locator(".st-key-class_strip").is_visible()
    assert "Функции активации" in by_link.locator("h1").first.inner_text()  # in the student's own language
    assert "Активация функциялары" in typed.locator("h1").first.inner_text()
    teacher.get_by_text(re.compile(r"3\s+joined · 3\s+follow")).wait_for(timeout=5_000)
    assert teacher.get_by_text("<b>Ana</b>").count() == 1  # a nickname is text, never markup

    # the teacher changes page, then a setting: every follower within a second or so
    teacher.get_by_role("link", name="Train a network").click()
    teacher.wait_for_function("() => location.pathname.endsWith('/train')")
    started = time.perf_counter()
    page_times = all_follow(students, r".*/train\?.*", started)
    wait_for_app(teacher)
    for student in students:
        wait_for_app(student)
    teacher.locator(".st-key-lr").get_by_role("combobox").click()
    teacher.get_by_role("option", name="0.1", exact=True).click()
    teacher.wait_for_function("() => location.search.includes('lr=0.1')")
    started = time.perf_counter()
    setting_times = all_follow(students, r".*[?&]lr=0\.1.*", started)
    print(f"followed a new page in {page_times} s, a setting in {setting_times} s")
    for student in students:
        wait_for_app(student)
        assert student.locator(".st-key-lr").get_by_role("combobox").input_value() == "0.1"

    # one breaks away: the teacher's next change does not reach it, until it comes back
    third.locator(".st-key-class_break button").click()
    wait_for_app(third)
    teacher.get_by_text(re.compile(r"3\s+joined · 2\s+follow")).wait_for(timeout=5_000)
    teacher.locator(".st-key-act").get_by_role("combobox").click()
    teacher.get_by_role("option", name="ReLU", exact=True).click()
    all_follow(students[:2], r".*[?&]act=relu.*", time.perf_counter())
    wait_for_app(third)
    assert "act=relu" not in third.url
    third.locator(".st-key-class_back button").click()
    all_follow([third], r".*[?&]act=relu.*", time.perf_counter())

    # predict, then reveal (the playground's moment: will the spiral separate with no hidden layer?)
    teacher.locator(".st-key-class_ask_spiral_no_hidden button").click()
    wait_for_app(teacher)
    for index, student in enumerate(students[:2]):
        card = student.locator(".st-key-class_card")
        card.wait_for(timeout=10_000)
        wait_for_app(student)
        card.locator("[role='radiogroup'] label").nth(index).click()
        wait_for_app(student)
        card.locator("[class*='st-key-class_send'] button").click()
        wait_for_app(student)
    teacher.get_by_text("Answers: 2").wait_for(timeout=5_000)  # the live chart, redrawn once a second
    teacher.locator(".st-key-class_reveal_spiral_no_hidden button").click()
    for student in students:
        student.locator(".st-key-class_card [data-testid='stAlert']").wait_for(timeout=15_000)
    card = by_link.locator(".st-key-class_card").inner_text()
    assert "Ваш ответ" in card and ("Ответов: 2" in card)  # its guess beside the class's and the result
    for page in [teacher, *students]:
        assert_no_errors(page)
        page.close()
