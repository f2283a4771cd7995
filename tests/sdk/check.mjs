// Drives a running server with the Plex spec's generated SDK (@lukehagar/plexjs). The SDK validates every
// answer against the spec with zod, so a field of the wrong type or a missing required one fails here.
// Usage: node check.mjs <serverUrl> <token>; prints "ok <call>" or "FAIL <call>: <why>" lines; exit 1 on any FAIL.
import { PlexAPI } from "@lukehagar/plexjs";

const [serverURL, token] = process.argv.slice(2);
if (!serverURL || !token) {
  console.error("usage: node check.mjs <serverUrl> <token>");
  process.exit(2);
}
const sdk = new PlexAPI({ serverURL, token, clientIdentifier: "sdk-check", product: "sdk-check" });
let failures = 0;

async function call(name, fn) {
  try {
    const result = await fn();
    console.log(`ok ${name}`);
    return result;
  } catch (error) {
    failures++;
    // A response that breaks the spec: name the fields zod rejected.
    const detail = error?.cause?.issues ? JSON.stringify(error.cause.issues) : "";
    console.log(`FAIL ${name}: ${error?.name}: ${String(error?.message).replace(/\s+/g, " ").slice(0, 1500)} ${detail.slice(0, 1500)}`);
    return undefined;
  }
}

const metadataOf = (res) => res?.mediaContainer?.metadata ?? [];
const idOf = (m) => Number(m.ratingKey);

await call("getServerInfo", () => sdk.general.getServerInfo({}));
await call("getIdentity", () => sdk.general.getIdentity());
await call("listProviders", () => sdk.provider.listProviders());
const sections = await call("getSections", () => sdk.library.getSections());
const sectionList = sections?.object?.mediaContainer?.directory ?? sections?.mediaContainer?.directory ?? [];
if (sectionList.length === 0) { failures++; console.log("FAIL getSections: no sections listed"); }

const leaves = [];
for (const section of sectionList) {
  const sectionId = String(section.key);
  await call(`getLibraryDetails ${sectionId}`, () => sdk.library.getLibraryDetails({ sectionId }));
  const all = await call(`listContent ${sectionId}`, () => sdk.content.listContent({ sectionId }));
  for (const item of metadataOf(all?.mediaContainerWithMetadata ?? all?.object ?? all)) {
    await call(`getMetadataItem ${item.ratingKey} (${item.type})`, () => sdk.content.getMetadataItem({ ids: [String(item.ratingKey)] }));
    if (["show", "season", "artist", "album"].includes(item.type)) {
      const l = await call(`getAllItemLeaves ${item.ratingKey}`, () => sdk.library.getAllItemLeaves({ ids: String(item.ratingKey) }));
      leaves.push(...metadataOf(l?.mediaContainerWithMetadata ?? l?.object ?? l));
    } else {
      leaves.push(item);
    }
  }
}
// The shortest video keeps the conversion quick.
const first = leaves.filter((m) => m.type === "movie" || m.type === "episode").sort((a, b) => (a.duration ?? 0) - (b.duration ?? 0))[0] ?? leaves[0];
if (first) {
  // The files and pictures the metadata points to, fetched by the keys the server gave.
  const detail = await call(`getMetadataItem ${first.ratingKey} (details)`, () => sdk.content.getMetadataItem({ ids: [String(first.ratingKey)] }));
  const meta = metadataOf(detail?.mediaContainerWithMetadata ?? detail?.object ?? detail)[0] ?? first;
  const part = meta.media?.[0]?.part?.[0];
  const partKey = part?.key?.match(/^\/library\/parts\/(\d+)\/(\d+)\/(.+)$/);
  if (partKey) {
    await call("getMediaPart", () => sdk.library.getMediaPart({ partId: Number(partKey[1]), changestamp: Number(partKey[2]), filename: partKey[3] }));
  } else { failures++; console.log(`FAIL getMediaPart: Part.key '${part?.key}' is not /library/parts/{id}/{changestamp}/{file}`); }
  const sidecar = leaves.flatMap((m) => m.media?.[0]?.part?.[0]?.stream ?? []).find((s) => s.key);
  if (sidecar) {
    const streamKey = sidecar.key.match(/^\/library\/streams\/(\d+)/);
    await call("getStream", () => sdk.library.getStream({ streamId: Number(streamKey[1]), ext: sidecar.codec ?? "srt" }));
  }
  if (meta.thumb) {
    await call("transcodeImage", () => sdk.transcoder.transcodeImage({ url: meta.thumb, width: 160, height: 90 }));
  } else { failures++; console.log("FAIL thumb: the item has no thumb"); }
  await call(`searchHubs "${first.title}"`, () => sdk.search.searchHubs({ query: first.title }));
}

// The download queue end to end: create, add, poll until available or error, decision, media.
const created = await call("createDownloadQueue", () => sdk.downloadQueue.createDownloadQueue());
const queue = created?.object?.mediaContainer?.downloadQueue?.[0] ?? created?.mediaContainer?.downloadQueue?.[0];
if (queue && first) {
  const queueId = queue.id;
  await call("getDownloadQueue", () => sdk.downloadQueue.getDownloadQueue({ queueId }));
  const added = await call("addDownloadQueueItems", () =>
    sdk.downloadQueue.addDownloadQueueItems({ queueId, keys: [`/library/metadata/${idOf(first)}`], directPlay: 0, videoResolution: "320x240" }));
  const itemId = (added?.object ?? added)?.mediaContainer?.addedQueueItems?.[0]?.id;
  let status = "";
  for (let i = 0; i < 240 && itemId && !["available", "error", "expired"].includes(status); i++) {
    const items = i === 0
      ? await call("listDownloadQueueItems", () => sdk.downloadQueue.listDownloadQueueItems({ queueId }))
      : await sdk.downloadQueue.listDownloadQueueItems({ queueId }).catch(() => undefined);
    status = (items?.object ?? items)?.mediaContainer?.downloadQueueItem?.find((x) => x.id === itemId)?.status ?? "";
    if (!["available", "error", "expired"].includes(status)) await new Promise((r) => setTimeout(r, 250));
  }
  if (status !== "available") { failures++; console.log(`FAIL download: item ended '${status}'`); }
  if (itemId) {
    await call("getDownloadQueueItems", () => sdk.downloadQueue.getDownloadQueueItems({ queueId, itemId: [itemId] }));
    await call("getItemDecision", () => sdk.downloadQueue.getItemDecision({ queueId, itemId }));
    await call("getDownloadQueueMedia", () => sdk.downloadQueue.getDownloadQueueMedia({ queueId, itemId }));
  }
}

console.log(failures === 0 ? "sdk check: all calls validated" : `sdk check: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
