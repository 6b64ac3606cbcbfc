{{/*
Inference pools (decision 104). `inference.pools` empty: one pool with no name, rendered exactly as before pools
existed (`<fullname>-inference`). Otherwise one Deployment, Service, autoscaler and PDB per pool, named
`<fullname>-inference-<pool>` and told apart by the selector label `sightline.io/inference-pool`; every pool shares
the component's ConfigMap, NetworkPolicy, ServiceMonitor and Kafka identity.
*/}}

{{/* The pools as a YAML list of {name, service}: `service` is `inference` with the pool's own keys on top. */}}
{{- define "sightline.inference.pools" -}}
{{- $inference := .Values.inference }}
{{- $pools := $inference.pools | default (list (dict "name" "")) }}
{{- $out := list }}
{{- range $pool := $pools }}
{{- $svc := mergeOverwrite (deepCopy (omit $inference "pools")) (deepCopy (omit $pool "name")) }}
{{- $env := $svc.extraEnv | default list }}
{{- if $svc.models }}
{{- $env = append $env (dict "name" "SIGHTLINE_INFERENCE_MODELS" "value" (join "," $svc.models)) }}
{{- end }}
{{- if $svc.memoryBudget }}
{{- $env = append $env (dict "name" "SIGHTLINE_INFERENCE_MEMORY_BUDGET" "value" (printf "%d" (int64 $svc.memoryBudget))) }}
{{- end }}
{{- $payloads := $svc.payloads | default dict }}
{{- if $payloads.sample }}
{{- $env = append $env (dict "name" "SIGHTLINE_INFERENCE_PAYLOADS_SAMPLE" "value" (toString $payloads.sample)) }}
{{- if $payloads.models }}
{{- $env = append $env (dict "name" "SIGHTLINE_INFERENCE_PAYLOADS_MODELS" "value" (join "," $payloads.models)) }}
{{- end }}
{{- $env = append $env (dict "name" "SIGHTLINE_INFERENCE_PAYLOADS_INCLUDE_IMAGES" "value" (toString (default false $payloads.includeImages))) }}
{{- range $key, $name := dict "maxImageBytes" "MAX_IMAGE_BYTES" "queueSize" "QUEUE_SIZE" "queueBytes" "QUEUE_BYTES" }}
{{- if hasKey $payloads $key }}
{{- $env = append $env (dict "name" (printf "SIGHTLINE_INFERENCE_PAYLOADS_%s" $name) "value" (printf "%d" (int64 (get $payloads $key)))) }}
{{- end }}
{{- end }}
{{- end }}
{{- $_ := set $svc "extraEnv" $env }}
{{- $out = append $out (dict "name" $pool.name "service" $svc) }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* The resource name of a pool; call with (dict "root" $ "pool" "<name or empty>"). */}}
{{- define "sightline.inference.poolName" -}}
{{- $base := include "sightline.componentName" (dict "root" .root "component" "inference") }}
{{- if .pool }}{{ printf "%s-%s" $base .pool }}{{ else }}{{ $base }}{{ end }}
{{- end }}

{{/*
The Prometheus query a pool scales on; call with (dict "root" $ "pool" "<name>" "metric" "inflight"|"p95").
Series are those of the pool's Service, as the ServiceMonitor scrapes them (label `service`).
*/}}
{{- define "sightline.inference.scalingQuery" -}}
{{- $selector := printf "namespace=%q,service=%q" .root.Release.Namespace (include "sightline.inference.poolName" .) }}
{{- if eq .metric "inflight" -}}
sum(http_server_active_requests{ {{- $selector -}} })
{{- else if eq .metric "p95" -}}
histogram_quantile(0.95, sum by (le) (rate(sightline_inference_request_duration_seconds_bucket{ {{- $selector -}} }[2m])))
{{- else }}
{{- fail (printf "inference autoscaling on Prometheus needs metric inflight or p95, got %s" .metric) }}
{{- end }}
{{- end }}
