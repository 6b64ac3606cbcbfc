package io.sightline.inference.config;

import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.oip.ModelStatistics;
import io.sightline.inference.oip.OipModel;
import io.sightline.inference.payloads.PayloadLogger;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.serving.Predictor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The inference protocol's core, shared by its REST and gRPC adapters. */
@Singleton
public class OipBeans {

    @Produces
    @Singleton
    ModelStatistics statistics(InferenceMetrics metrics) {
        return new ModelStatistics(metrics);
    }

    @Produces
    @Singleton
    OipModel oipModel(ModelRegistry registry, Predictor predictor, ModelStatistics statistics,
                      PayloadLogger payloads) {
        return new OipModel(registry, predictor, statistics, payloads::inferred);
    }
}
