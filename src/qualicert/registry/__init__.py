"""Registry: bodies, labs, people and qualifications, organisations, schemes, reference codes."""
