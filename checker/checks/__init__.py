"""Checks that run after mapping. Each is small and independent, reads its rules from models/, and
adds its findings to the `Analysis` in the shape the JSON report documents."""
