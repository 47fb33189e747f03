"""The scan: walk a tree, sniff each file, extract, match, and record findings and coverage."""
