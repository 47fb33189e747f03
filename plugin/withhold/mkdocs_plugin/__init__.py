"""The MkDocs adapter: `plugins: [withhold]` scans the finished site and fails the build on any hit."""
