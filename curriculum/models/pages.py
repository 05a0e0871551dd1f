"""Wagtail pages: the curriculum index, subject pages and course materials."""
