"""JSON API under /api/v1: events (read and write), forces, locations, OpenAPI document."""
