// Load a GEXF file with graphology-gexf (the parser behind Gephi Lite) and print a JSON summary on stdout.
// Usage: node load_gexf.js FILE.gexf
'use strict';
const fs = require('fs');
const {MultiDirectedGraph} = require('graphology');
const gexf = require('graphology-gexf');

const source = fs.readFileSync(process.argv[2], 'utf-8');
const graph = gexf.parse(MultiDirectedGraph, source);
const nodes = {};
graph.forEachNode((key, attributes) => {
  nodes[key] = attributes;
});
const edges = [];
graph.forEachEdge((key, attributes, source, target) => {
  edges.push({key, source, target, attributes});
});
process.stdout.write(JSON.stringify({
  type: graph.type,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  graph: graph.getAttributes(),
  nodes,
  edges,
}));
