"""BackgroundOp runs work off the GUI thread and reports success, failure and cancel on it."""

import threading

from PySide6.QtCore import QThread

from kkrdesk.core.errors import InternalError
from kkrdesk.ui.background import BackgroundOp


def test_success_is_delivered_on_the_gui_thread(qtbot):
    seen = {}

    def work(progress):
        seen["worker_thread"] = threading.get_ident()
        progress.report(1, 2, "halvvejs")
        return 42

    def done(value):
        seen["value"] = value
        seen["on_gui_thread"] = QThread.currentThread() is qtbot_app_thread

    qtbot_app_thread = QThread.currentThread()
    op = BackgroundOp(work, on_success=done)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    assert seen["value"] == 42
    assert seen["on_gui_thread"]
    assert seen["worker_thread"] != threading.get_ident()
    assert not op.running


def test_unexpected_exception_becomes_an_internal_error_with_its_cause(qtbot, stub_dialogs):
    failures = []
    op = BackgroundOp(lambda progress: 1 / 0, on_failure=failures.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    assert isinstance(failures[0], InternalError)
    assert "fejl i kkrdesk" in failures[0].message
    assert "ZeroDivisionError" in failures[0].message
    assert isinstance(failures[0].__cause__, ZeroDivisionError)
    shown = [entry for entry in stub_dialogs.shown if entry[0] == "internal_error"]
    assert len(shown) == 1 and "ZeroDivisionError" in shown[0][2]


def test_a_failure_told_again_through_error_shows_one_dialog(qtbot, stub_dialogs):
    from kkrdesk.ui import dialogs

    op = BackgroundOp(lambda progress: {}["nøgle"],
                      on_failure=lambda error: dialogs.service().error(None, "Kunne ikke", error))
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    assert [entry[0] for entry in stub_dialogs.shown] == ["internal_error"]


def test_cancel_stops_work_between_steps(qtbot):
    started, cancelled = threading.Event(), []

    def work(progress):
        started.set()
        for _ in range(1000):
            progress.check()
            threading.Event().wait(0.01)
        return "done"

    op = BackgroundOp(work, on_cancel=lambda: cancelled.append(True),
                      on_success=lambda value: cancelled.append(value))
    with qtbot.waitSignal(op.finished, timeout=10000):
        op.start()
        started.wait(5)
        op.cancel()
    assert cancelled == [True]


def test_work_outliving_its_window_ends_quietly(qtbot):
    import shiboken6

    release, finished = threading.Event(), threading.Event()

    def work(progress):
        release.wait(5)
        progress.report(1, 1, "efter lukning")
        finished.set()
        return "ingen at fortælle det"

    op = BackgroundOp(work)
    op.start()
    shiboken6.delete(op._signals)      # the window that asked was closed and deleted
    release.set()
    assert finished.wait(5)
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(5000)   # and no exception escaped the worker


def test_jobs_keep_their_ops_alive_until_they_finish_and_say_when_they_are_busy(qtbot):
    import gc

    from kkrdesk.ui.background import Jobs

    busy, release = [], threading.Event()
    jobs = Jobs(on_busy=busy.append)
    op = jobs.start(BackgroundOp(lambda progress: release.wait(5)))
    finished = []
    op.finished.connect(lambda: finished.append(True))
    del op
    gc.collect()                            # only the Jobs hold the op now
    assert jobs.busy and busy == [True]
    release.set()
    qtbot.waitUntil(lambda: finished == [True], timeout=5000)
    assert not jobs.busy and busy == [True, False]


def test_jobs_cancel_all_of_their_ops(qtbot):
    from kkrdesk.ui.background import Jobs

    jobs, cancelled = Jobs(), []

    def work(progress):
        for _ in range(500):
            progress.check()
            threading.Event().wait(0.01)

    for _ in range(2):
        jobs.start(BackgroundOp(work, on_cancel=lambda: cancelled.append(True)))
    jobs.cancel_all()
    qtbot.waitUntil(lambda: not jobs.busy, timeout=10000)
    assert cancelled == [True, True]
