// Creates a record on the mock, updates it without naming multiselectMode (it
// has a default, so it is optional), reads it back and lists the workspace's
// records page by page. Run with BREAKCOLD_BASE_URL and BREAKCOLD_API_KEY set,
// for example against `breakcold-mock` with its demo key.
import createClient from "openapi-fetch";
import type { paths } from "./breakcold.js";

const baseUrl = process.env.BREAKCOLD_BASE_URL ?? "http://127.0.0.1:8080";
const apiKey = process.env.BREAKCOLD_API_KEY ?? "bc_live_usfull_4f7a2c9e1b6d3f5a8c2e7b90";
const workspaceId = process.env.BREAKCOLD_WORKSPACE_ID ?? "wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d";

const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });

function fail(what: string, error: unknown, status: number): never {
  throw new Error(`${what}: ${status} ${JSON.stringify(error)}`);
}

const created = await api.POST("/api/v1/records", {
  body: { workspaceId, objectTypeSlug: "person", fields: { name: "Katherine Johnson" } },
});
if (!created.data) fail("createRecord", created.error, created.response.status);
const id = created.data.record.id;
console.log("created", id, created.data.record.displayName);

// No multiselectMode here: with --default-non-nullable=false the generated
// RecordUpdate keeps properties that have a default optional.
const updated = await api.PATCH("/api/v1/records/{recordId}", {
  params: { path: { recordId: id } },
  body: { fields: { name: "Katherine G. Johnson" } },
});
if (!updated.data) fail("updateRecord", updated.error, updated.response.status);

const got = await api.GET("/api/v1/records/{recordId}", { params: { path: { recordId: id } } });
if (!got.data) fail("getRecord", got.error, got.response.status);
console.log("read back", got.data.record.displayName);
if (got.data.record.displayName !== "Katherine G. Johnson") throw new Error("the update did not stick");

let cursor: string | undefined;
let count = 0;
do {
  const page = await api.GET("/api/v1/records", { params: { query: { workspaceId, limit: 2, cursor } } });
  if (!page.data) fail("listRecords", page.error, page.response.status);
  count += page.data.data.length;
  cursor = page.data.pagination.hasMore ? (page.data.pagination.cursor ?? undefined) : undefined;
} while (cursor);
console.log("listed", count, "records");

const missing = await api.GET("/api/v1/records/{recordId}", { params: { path: { recordId: "rec_missing" } } });
console.log("missing record:", missing.response.status, missing.error?.error.code);
