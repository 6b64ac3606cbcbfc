/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}, the published proto in
 * {@code src/main/proto}) on its own port: an adapter over the protocol's core ({@code oip}) like {@code /v2}
 * over HTTP, so the same answers, batchers and hot swap, and the same identities and roles. The classes
 * generated from the proto live in {@code grpc.protocol}.
 */
package io.sightline.inference.grpc;
