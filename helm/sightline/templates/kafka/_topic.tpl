{{/*
A Strimzi KafkaTopic. Call with (dict "root" $ "name" "sightline.models" "topic" .Values.kafka.topics.models
"config" (dict "cleanup.policy" "compact")); `config` wins over the topic's own config values.
*/}}
{{- define "sightline.kafkaTopic" -}}
{{- $topics := .root.Values.kafka.topics }}
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  # Kubernetes name of the resource; the Kafka topic name is spec.topicName
  name: {{ printf "%s-%s" (include "sightline.fullname" .root) (.name | trimPrefix "sightline." | replace "." "-") | trunc 63 | trimSuffix "-" }}
  labels:
    {{- include "sightline.labels" (dict "root" .root "component" "kafka") | nindent 4 }}
    strimzi.io/cluster: {{ include "sightline.kafka.clusterName" .root }}
spec:
  topicName: {{ .name }}
  partitions: {{ .topic.partitions }}
  replicas: {{ $topics.replicationFactor }}
  {{- $config := merge (dict) (.config | default dict) (.topic.config | default dict) }}
  {{- with $config }}
  config:
    {{- range $key, $value := . }}
    {{ $key }}: {{ $value | quote }}
    {{- end }}
  {{- end }}
{{- end }}
