"""Answer profiles: an answer for every factor, leading to each recommendation."""

from __future__ import annotations

PROFILES: dict[str, dict[str, str]] = {
    "managed_services": {
        "scope": "bounded", "interfaces": "stable", "measurability": "independent",
        "change_rate": "slow", "domain_coupling": "low", "leadership": "weak",
        "decision_owner": "provider", "accountability": "provider",
    },
    "staff_augmentation": {
        "scope": "open", "interfaces": "volatile", "measurability": "entangled",
        "change_rate": "fast", "domain_coupling": "deep", "leadership": "strong",
        "decision_owner": "client", "accountability": "client",
    },
    "mismatch": {
        "scope": "bounded", "interfaces": "stable", "measurability": "independent",
        "change_rate": "slow", "domain_coupling": "low", "leadership": "weak",
        "decision_owner": "client", "accountability": "provider",
    },
}
"""Model -> {factor: answer}; clicking these answers ends in that model's recommendation."""
