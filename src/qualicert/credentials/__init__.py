"""Signed certificates: body keys, QR (COSE) and W3C VC credentials, trust list, verification."""
