/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}, the published proto in
 * {@code src/main/proto}) on its own port: the same registry, batchers and hot swap as {@code /v2} over HTTP,
 * the same identities and roles. The classes generated from the proto live in {@code grpc.protocol}.
 */
package io.sightline.inference.grpc;
