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



def subscribe(widget: QWidget, project: Project, callback):
    """Subscribe ``callback`` to project changes while ``widget`` lives; returns the listener to unsubscribe.
    A listener whose widget was deleted without closing removes itself."""
    import shiboken6

    def listener(change):
        if not shiboken6.isValid(widget):
            project.unsubscribe(listener)
            return
        callback(change)

    project.subscribe(listener)
    return listener


class FocusOut(QObject):
    """Event filter calling ``callback`` when the watched widget loses focus (commit-on-leave fields)."""

    def __init__(self, callback, parent):
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False
