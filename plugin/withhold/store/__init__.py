"""What withhold keeps on disk between runs: owner-only files, the prepared-list cache, the clean store."""
