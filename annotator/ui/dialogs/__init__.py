"""Dialogs of the desktop app. Each takes the Project in its constructor and drives only the Project facade.

Import the submodules directly (``from annotator.ui.dialogs.labels import LabelsDialog``); this package
imports nothing heavy so that opening the main window stays fast.
"""

__all__ = ["labels", "export", "linktype", "importreport", "docinfo", "errors"]
