"""Subscriptions: signed-in users watch certificates, organisations or bodies for changes.

- ``models.py``: subscriptions, deliveries, the e-mail outbox and the matcher's cursor
- ``schemas.py``: ``SubscriptionCreate``, ``SubscriptionRead``, ``DeliveryRead``
- ``service.py``: create, list, read and delete one's own subscriptions, read their deliveries
- ``targets.py``: what a subscription may watch, and which targets an event concerns
- ``matcher.py``: new events (followed by log leaf index from a cursor) onto deliveries
- ``webhooks.py``: signed JSON POSTs with retries; ``mail.py``: the outbox sent over SMTP
- ``jobs.py``: ``run`` matches, delivers due webhooks and sends due mail
- pure modules: ``signing.py`` (HMAC-SHA256 header), ``urls.py`` (webhook URL rules),
  ``retry.py`` (back-off), ``messages.py`` (webhook body and zh/en mail text);
  ``sealing.py`` keeps webhook secrets encrypted (AES-GCM, key file under ``var_dir``)
"""
