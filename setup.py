"""Package list for setuptools (everything else is in pyproject.toml).

The letter templates live in the top-level `templates/` folder, where an office looks for them; they are
installed as the package data of `workflow.letters.templates` so that a wheel carries them.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["intake*", "workflow*"]), "workflow.letters.templates"],
    package_dir={"workflow.letters.templates": "templates"},
)
