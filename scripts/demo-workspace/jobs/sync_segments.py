"""Nightly job: copy the sizes of the segments we report on into the warehouse."""
import os
from datetime import date, timedelta

import requests

BRAZE_REST = os.environ["BRAZE_REST_ENDPOINT"]  # e.g. https://rest.fra-01.braze.eu
HEADERS = {"Authorization": f"Bearer {os.environ['BRAZE_API_KEY']}"}

REPORTED_SEGMENTS = {
    "power_users_nordics": "a08ff49b-6f77-4632-a16c-43069c43a8c3",
    "trial_users_es": "ec5a85b2-4ddf-4023-8f19-677510ab2b92",
    "first_time_buyers_android": "d2987af3-8342-4143-be06-0ae301c57004",
    "loyalty_latam": "af290bf4-d1f3-4b54-b443-747c8017f2f0",
    "international_power_users": "c4a8e2b1-0f3d-4a6c-b8e9-51d7f2a03c6e",
}


def segment_sizes(segment_id: str, days: int = 30) -> list[dict]:
    response = requests.get(
        f"{BRAZE_REST}/segments/data_series",
        headers=HEADERS,
        params={"segment_id": segment_id, "length": days, "ending_at": date.today().isoformat()},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["data"]


def main() -> None:
    since = date.today() - timedelta(days=30)
    for name, segment_id in REPORTED_SEGMENTS.items():
        rows = segment_sizes(segment_id)
        print(f"{name}: {len(rows)} days since {since}")


if __name__ == "__main__":
    main()
