"""Shared fixtures. Every person in these tests is fictional, generated for the tests."""
