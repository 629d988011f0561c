#!/usr/bin/env bash
# Side-by-side speed comparison of dockguard and its peers (issue 5); see
# bench/compare/main.go for what is measured. Extra flags pass through:
#   bench/compare.sh                 corpus, 20x tree, per-file sample of 20
#   bench/compare.sh -single 0       time every file one by one (slow with trivy)
#   bench/compare.sh -peers-big      peers over the 20x tree too (slow)
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/compare -corpus "${CORPUS:-../shared/corpus}" "$@"
