"""The deploy gate: a manifest of what a passing scan saw, its verification, and the history scan."""
