"""Registry: certification bodies, labs, people and qualifications, organisations, schemes, reference codes."""
