"""The compiled hot path (plugin/withhold/_fast.c and _sheet.c); everything else is in setup.cfg.

optional=True: where no C compiler is found the install goes on, and withhold runs its pure-Python
path, which gives the same findings (tests/fast_test.py holds the two to each other).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("withhold._fast", ["plugin/withhold/_fast.c", "plugin/withhold/_sheet.c"], optional=True)])
