"""Layered story extraction: profile selectors, page metadata, text cues, a generic rule."""
