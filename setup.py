"""Packaging details pyproject.toml cannot express: the top-level resources/ and seeds/ folders ship as
package data. They stay at the repository's top level (where the README documents them) and are mapped to
annotator/resources and annotator/seeds in a wheel, a `pip install .` and an editable install, where
annotator.core.resources reads them with importlib.resources (the PyInstaller spec puts them at the same
place in the bundle). Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

DATA_DIRS = {"annotator.resources": "resources", "annotator.seeds": "seeds"}

setup(
    packages=find_packages(include=["annotator", "annotator.*"]) + list(DATA_DIRS),
    package_dir=DATA_DIRS,
    package_data={"annotator": ["py.typed"], "annotator.resources": ["patterns/*", "icons/*", "mime/packages/*"],
                  "annotator.seeds": ["*.txt", "*.json"]},
)
