"""Small helpers shared by the dialogs: settings file, colour swatches, eliding, messages."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget
from ...core.project import Project


def settings() -> QSettings:
    """The UI settings file in the user config folder (ANNOTATOR_HOME in tests), not the registry."""
    from ...store.paths import config_dir

    return QSettings(str(config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def swatch(color: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(color) if QColor.isValidColorName(color) else QColor("#888888"))
    return QIcon(pix)


def elide(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit // 2 - 1] + " … " + text[-(limit // 2 - 2):]


def warn(parent: QWidget | None, text: str, title: str = "annotator") -> None:
    """A refused edit or a user error: one line, no traceback."""
    QMessageBox.warning(parent, title, text)



def ask_replace(parent: QWidget, path: str, title: str) -> bool:
    """Ask before replacing ``path`` (default No). For save dialogs that complete the name themselves after the
    dialog (an extension added): Qt's own question was about the name as typed, not the file written."""
    answer = QMessageBox.question(parent, title, f"{path} already exists. Replace it?",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def subscribe(widget: QWidget, project: Project, callback):
    """Subscribe ``callback`` to project changes while ``widget`` lives; returns the listener, for
    ``unsubscribe``. Through the hub of the main window above ``widget`` (annotator.ui.hub: the one way changes
    reach views), else (a dialog of its own) the project. A listener whose widget was deleted removes itself."""
    import shiboken6

    hub = _hub_above(widget)

    def listener(change, initiator=None):
        if not shiboken6.isValid(widget):
            unsubscribe(listener)
            return
        callback(change)

    if hub is not None:
        hub.subscribe(listener)
        listener.unsubscribe = lambda: hub.unsubscribe(listener)  # type: ignore[attr-defined]
    else:
        project.subscribe(listener)
        listener.unsubscribe = lambda: project.unsubscribe(listener)  # type: ignore[attr-defined]
    return listener


def unsubscribe(listener) -> None:
    """Stop a ``subscribe`` listener (twice is harmless)."""
    listener.unsubscribe()


def _hub_above(widget: QWidget):
    w = widget.parentWidget()
    while w is not None:
        hub = getattr(w, "hub", None)
        if hub is not None:
            return hub
        w = w.parentWidget()
    return None


class FocusOut(QObject):
    """Event filter calling ``callback`` when the watched widget loses focus (commit-on-leave fields)."""

    def __init__(self, callback, parent):
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False
