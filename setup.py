"""The compiled hot path (plugin/withhold/text/_fast.c); everything else is in setup.cfg.

optional=True: where no C compiler is found the install goes on, and withhold runs its pure-Python
path, which gives the same findings (tests/text_fast_test.py holds the two to each other).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("withhold.text._fast", ["plugin/withhold/text/_fast.c"], optional=True)])
