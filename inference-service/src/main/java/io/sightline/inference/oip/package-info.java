/**
 * The Open Inference Protocol (KServe v2) without its transport: tensors and their datatypes, the choice and
 * checks of a request's inputs (by name, datatype, and shape against the model and against the bytes actually
 * sent, before anything is allocated), requested outputs, the classification extension, per-model statistics,
 * and {@link io.sightline.inference.oip.OipModel}, which answers a request over the shared batcher. The REST
 * resources ({@code rest.OpenInference*}) and the gRPC service are adapters over it.
 */
package io.sightline.inference.oip;
