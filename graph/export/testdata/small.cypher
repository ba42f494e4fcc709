// kgraph export. Run: cypher-shell -u neo4j -p PASSWORD -f kgraph.cypher
CREATE CONSTRAINT kgraph_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
UNWIND [
  {id: "abe7cce6010878ea", name: "Bell\u0007Labs; R\\D", key: "bell\u0007labs; r\\d", type: "ORG", aliases: ["Bell\u0007Labs; R\\D"], mentions: 1, typeCounts: ["ORG=1"]},
  {id: "bb189bfb846fec0c", name: "Acme Corp", key: "acme", type: "ORG", aliases: ["ACME", "Acme Corp"], mentions: 4, typeCounts: ["ORG=4"]}
] AS row
MERGE (e:Entity {id: row.id})
SET e += row, e:`ORG`;
UNWIND [
  {id: "e384f0ca3fbdbc89", name: "A \"quoted\", name with <xml> & ünïcödé", key: "a \"quoted\", name with <xml> & ünïcödé", type: "PERSON", aliases: ["A \"quoted\", name with <xml> & ünïcödé"], mentions: 3, typeCounts: ["PERSON=3"]},
  {id: "ee5fd5af1a6c704c", name: "Zoë O'Brien", key: "zoë obrien", type: "PERSON", aliases: ["Zoë O'Brien"], mentions: 2, typeCounts: ["PERSON=2"]}
] AS row
MERGE (e:Entity {id: row.id})
SET e += row, e:`PERSON`;
UNWIND [
  {id: "c6f2d2dd0ad64fb6", name: "12345", key: "12345", type: "ORG", aliases: ["12345"], mentions: 2, typeCounts: ["ORG=2"]}
] AS row
MERGE (e:Entity {id: row.id})
SET e += row, e:`ORG`;
UNWIND [
  {id: "ed270946d62402d2", name: "Berlin", key: "berlin", type: "LOCATION", aliases: ["Berlin"], mentions: 1, typeCounts: ["LOCATION=1"]}
] AS row
MERGE (e:Entity {id: row.id})
SET e += row, e:`LOCATION`;
UNWIND [
  {s: "abe7cce6010878ea", o: "c6f2d2dd0ad64fb6", p: {role: "", weight: 1, confidence: 0.5, extractor: "rules", symmetric: true, firstSeen: "2022-11-30", lastSeen: "2022-11-30", evidenceDocs: ["doc2"], evidence: ["12345 sued Bell\u0007Labs; R\\D and Acme Corp."]}},
  {s: "bb189bfb846fec0c", o: "c6f2d2dd0ad64fb6", p: {role: "", weight: 1, confidence: 0.5, extractor: "rules", symmetric: true, firstSeen: "2022-11-30", lastSeen: "2022-11-30", evidenceDocs: ["doc2"], evidence: ["12345 sued Bell\u0007Labs; R\\D and Acme Corp."]}}
] AS row
MATCH (a:Entity {id: row.s}), (b:Entity {id: row.o})
MERGE (a)-[r:`CO_MENTIONED`]->(b)
SET r += row.p;
UNWIND [
  {s: "bb189bfb846fec0c", o: "e384f0ca3fbdbc89", p: {role: "", weight: 2, confidence: 0.5, extractor: "rules", symmetric: true, firstSeen: "2021-03-04", lastSeen: "2022-11-30", evidenceDocs: ["doc/1 \"odd\" id", "doc2"], evidence: ["A \"quoted\", name\nwith <xml> & ünïcödé works for Acme Corp.", "A \"quoted\", name\nwith <xml> & ünïcödé left Acme Corp."]}},
  {s: "e384f0ca3fbdbc89", o: "ee5fd5af1a6c704c", p: {role: "", weight: 1, confidence: 0.5, extractor: "rules", symmetric: true, firstSeen: "2021-03-04", lastSeen: "2021-03-04", evidenceDocs: ["doc/1 \"odd\" id"], evidence: ["Zoë O'Brien met A \"quoted\", name\nwith <xml> & ünïcödé in Berlin."]}}
] AS row
MATCH (a:Entity {id: row.s}), (b:Entity {id: row.o})
MERGE (a)-[r:`CO_MENTIONED`]->(b)
SET r += row.p;
UNWIND [
  {s: "e384f0ca3fbdbc89", o: "bb189bfb846fec0c", p: {role: "chief \"exec\", <ops>", weight: 2, confidence: 0.9, extractor: "rules", symmetric: false, firstSeen: "2021-03-04", lastSeen: "2022-11-30", evidenceDocs: ["doc/1 \"odd\" id", "doc2"], evidence: ["A \"quoted\", name\nwith <xml> & ünïcödé works for Acme Corp.", "A \"quoted\", name\nwith <xml> & ünïcödé left Acme Corp."]}},
  {s: "ee5fd5af1a6c704c", o: "c6f2d2dd0ad64fb6", p: {role: "analyst", weight: 1, confidence: 0.7, extractor: "rules", symmetric: false, firstSeen: "", lastSeen: "", evidenceDocs: ["doc3"], evidence: ["Zoë O'Brien joined 12345 from ACME."]}}
] AS row
MATCH (a:Entity {id: row.s}), (b:Entity {id: row.o})
MERGE (a)-[r:`WORKS_FOR`]->(b)
SET r += row.p;
UNWIND [
  {s: "bb189bfb846fec0c", o: "ed270946d62402d2", p: {role: "", weight: 1, confidence: 0.6, extractor: "rules", symmetric: false, firstSeen: "2021-03-04", lastSeen: "2021-03-04", evidenceDocs: ["doc/1 \"odd\" id"], evidence: ["A \"quoted\", name\nwith <xml> & ünïcödé works for Acme Corp."]}}
] AS row
MATCH (a:Entity {id: row.s}), (b:Entity {id: row.o})
MERGE (a)-[r:`LOCATED_IN`]->(b)
SET r += row.p;
