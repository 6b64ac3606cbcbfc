/**
 * Imports of logged inference payloads (decision 105): a {@code payloads:<model>?labels=...} source names a model,
 * a time range and a labels file ({@code requestId,label}); the service reads its own configured payloads topic
 * with a bounded consumer, keeps the labelled records' images and lays them out as class folders, which then go
 * through the normal import (verification, split, dedup).
 */
package io.sightline.dataset.payloads;
