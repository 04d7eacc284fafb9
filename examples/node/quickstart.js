#!/usr/bin/env node
// Pyrope from Node.js over gRPC: create an index, upsert three vectors, search.
//
//   cd examples/node && npm ci
//   PYROPE_API_KEY=my-dev-key-0123456789 node quickstart.js
//
// Environment:
//   PYROPE_API_KEY   the tenant's API key (required; sent as `authorization: Bearer <key>`)
//   PYROPE_ADDRESS   host:port of any node's gRPC server (default 127.0.0.1:50051)
//   PYROPE_INDEX     index name (default quickstart-node); reused if it exists with dimension 3
//   PYROPE_PROTO_DIR where the .proto files are (default ../../client-sdk/src/main/proto)
//
// The protos are loaded at run time (no code generation). Exits 0 when the nearest neighbour
// of the query is the expected vector, 1 on any error (the gRPC status is printed).
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const address = process.env.PYROPE_ADDRESS || '127.0.0.1:50051';
const apiKey = process.env.PYROPE_API_KEY;
const indexName = process.env.PYROPE_INDEX || 'quickstart-node';
const protoDir = process.env.PYROPE_PROTO_DIR || path.join(__dirname, '..', '..', 'client-sdk', 'src', 'main', 'proto');

if (!apiKey) {
  console.error('PYROPE_API_KEY is not set');
  process.exit(2);
}

const definition = protoLoader.loadSync(
  ['pyrope/v1/index.proto', 'pyrope/v1/vector.proto'],
  { includeDirs: [protoDir], keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
const v1 = grpc.loadPackageDefinition(definition).pyrope.v1;

// Every call carries the key (an interceptor: grpc-js sends call credentials only over TLS).
const auth = (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
  start(metadata, listener, next) {
    metadata.set('authorization', `Bearer ${apiKey}`);
    next(metadata, listener);
  },
});
const clientOptions = { interceptors: [auth] };
const indexes = new v1.IndexService(address, grpc.credentials.createInsecure(), clientOptions);
const vectors = new v1.VectorService(address, grpc.credentials.createInsecure(), clientOptions);

// A deadline on every call keeps a dead address from hanging the script.
function call(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + 30_000 }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

async function main() {
  try {
    await call(indexes, 'createIndex', { spec: { name: indexName, dimension: 3, metric: 'COSINE' } });
    console.log(`created index ${indexName}`);
  } catch (err) {
    if (err.code !== grpc.status.ALREADY_EXISTS) {
      throw err;
    }
    console.log(`index ${indexName} exists`);
  }

  const upserted = await call(vectors, 'upsert', {
    index: indexName,
    vectors: [
      { id: 'a', values: [1, 0, 0], metadata: { lang: 'en' } },
      { id: 'b', values: [0, 1, 0], metadata: { lang: 'de' } },
      { id: 'c', values: [0, 0, 1], metadata: { lang: 'fr' } },
    ],
  });
  console.log(`upserted ${upserted.upserted}`);

  const result = await call(vectors, 'search', { index: indexName, query: [0.9, 0.1, 0], topK: 2, includeMetadata: true });
  for (const hit of result.hits) {
    console.log(`hit ${hit.id} score=${hit.score.toFixed(4)} lang=${hit.metadata.lang}`);
  }
  if (result.hits.length === 0 || result.hits[0].id !== 'a') {
    throw new Error(`expected 'a' first, got ${JSON.stringify(result.hits)}`);
  }
  console.log(`search ok: ${result.hits.length} hits, ef_used=${result.efUsed}, shards=${result.shardsSearched}`);
}

main()
  .then(() => {
    indexes.close();
    vectors.close();
  })
  .catch((err) => {
    console.error(`failed: ${err.code !== undefined ? grpc.status[err.code] + ' ' : ''}${err.details || err.message}`);
    process.exitCode = 1;
    indexes.close();
    vectors.close();
  });
