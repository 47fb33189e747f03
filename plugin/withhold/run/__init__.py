"""One core run, shared by the three doors: prepare the list, scan, apply waivers, judge the verdict."""
