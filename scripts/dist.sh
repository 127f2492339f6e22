#!/usr/bin/env bash
# Release artifacts in $DIST (default dist/): static binaries for linux/amd64
# and linux/arm64, version and commit stamped, and a .deb and an .rpm of each,
# built by nfpm (pinned in packaging/tool/go.mod, a module of its own so that
# none of its dependencies reach dcos-audit's).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-dist}
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
repo=$(pwd)

version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${COMMIT:-$(git rev-parse HEAD 2>/dev/null || true)}
repo_url=${REPO_URL:-https://$(go list -m)}
# Package managers want a version that sorts: a release tag vX.Y.Z gives
# X.Y.Z; anything else is a pre-release of 0.0.0 named by commit date and
# hash (~ sorts before the empty string in both dpkg and rpm).
if [[ $version =~ ^v?([0-9]+\.[0-9]+\.[0-9]+)$ ]]; then
	pkg_version=${BASH_REMATCH[1]}
else
	stamp=$(git log -1 --format=%cd --date=format:%Y%m%d 2>/dev/null || date +%Y%m%d)
	pkg_version="0.0.0~git${stamp}.$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r contrib docs README.md "$stage/"
# nfpm runs in the staging directory: its contents are named relative to it.
nfpm=$(go tool -n -modfile=packaging/tool/go.mod nfpm)

cli=github.com/dcos-audit/dcos-audit/internal/cli
ldflags="-s -w -X $cli.buildVersion=$version -X $cli.buildCommit=$commit -X $cli.repoURL=$repo_url"
for arch in amd64 arm64; do
	bin="$dist/dcos-audit-linux-$arch"
	# CGO off: one static binary that runs on CentOS/RHEL and CoreOS alike.
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$bin" .
	cp "$bin" "$stage/dcos-audit"
	for packager in deb rpm; do
		(cd "$stage" && PKG_ARCH=$arch PKG_VERSION=$pkg_version PKG_HOMEPAGE=$repo_url \
			"$nfpm" package --config "$repo/packaging/nfpm.yaml" --packager "$packager" --target "$dist/")
	done
done
(cd "$dist" && ls -l dcos-audit*)
