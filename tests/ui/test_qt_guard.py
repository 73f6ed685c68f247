"""Guard against PySide6 builds that leak references to True/None on signal emits (PYSIDE-3474)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)
    nothing = Signal()


def test_ten_thousand_emits_leave_true_and_none_refcounts_alone(qapp):
    emitter = _Emitter()
    received = []
    emitter.flag.connect(received.append)
    emitter.nothing.connect(lambda: None)
    for _ in range(100):  # warm up caches so only a leak can move the counts
        emitter.flag.emit(True)
        emitter.nothing.emit()
        emitter.setObjectName("x")
    received.clear()
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(10_000):
        emitter.flag.emit(True)
        emitter.nothing.emit()
        emitter.setObjectName("x")
    received.clear()
    assert abs(sys.getrefcount(True) - before_true) < 100
    assert abs(sys.getrefcount(None) - before_none) < 100
