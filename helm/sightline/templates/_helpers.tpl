{{/*
Names. Every resource is `<fullname>-<component>` (component: dataset, trainer, inference, kafka, …).
*/}}
{{- define "sightline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sightline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* `<fullname>-<component>`; call with (dict "root" $ "component" "trainer"). */}}
{{- define "sightline.componentName" -}}
{{- printf "%s-%s" (include "sightline.fullname" .root | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{- define "sightline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: stable for the life of a release, so never the chart version (a Deployment's selector
is immutable). Call with (dict "root" $ "component" "trainer").
*/}}
{{- define "sightline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sightline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The full label set: selector labels plus version, chart and management labels. */}}
{{- define "sightline.labels" -}}
helm.sh/chart: {{ include "sightline.chart" .root }}
{{ include "sightline.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: sightline
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "sightline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sightline.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference of a service. Call with (dict "root" $ "service" .Values.trainer "suffix" "-cuda").
The tag falls back to image.tag, then to the chart's appVersion; never `latest` (the schema refuses it).
*/}}
{{- define "sightline.image" -}}
{{- $img := .root.Values.image }}
{{- $tag := .service.image.tag | default $img.tag | default .root.Chart.AppVersion }}
{{- printf "%s/%s/%s:%s%s" $img.registry $img.organization .service.image.name $tag (.suffix | default "") }}
{{- end }}

{{/* Kafka */}}
{{- define "sightline.kafka.clusterName" -}}
{{- .Values.kafka.strimzi.clusterName | default (include "sightline.componentName" (dict "root" . "component" "kafka")) }}
{{- end }}

{{- define "sightline.kafka.bootstrapServers" -}}
{{- if .Values.kafka.strimzi.enabled }}
{{- printf "%s-kafka-bootstrap:%s" (include "sightline.kafka.clusterName" .) (ternary "9093" "9092" .Values.kafka.strimzi.tls) }}
{{- else }}
{{- required "kafka.bootstrapServers is required unless kafka.strimzi.enabled" .Values.kafka.bootstrapServers }}
{{- end }}
{{- end }}

{{- define "sightline.kafka.securityProtocol" -}}
{{- if .Values.kafka.strimzi.enabled }}
{{- ternary "SSL" "PLAINTEXT" .Values.kafka.strimzi.tls }}
{{- else }}
{{- .Values.kafka.securityProtocol }}
{{- end }}
{{- end }}

{{- define "sightline.kafka.usesSasl" -}}
{{- if hasPrefix "SASL_" (include "sightline.kafka.securityProtocol" .) }}true{{ end }}
{{- end }}

{{- define "sightline.kafka.usesTls" -}}
{{- if hasSuffix "SSL" (include "sightline.kafka.securityProtocol" .) }}true{{ end }}
{{- end }}

{{/* Secret + key of the broker CA certificate; empty when the JVM's trust store is used. */}}
{{- define "sightline.kafka.caSecret" -}}
{{- if and .Values.kafka.strimzi.enabled .Values.kafka.strimzi.tls }}
{{- printf "%s-cluster-ca-cert" (include "sightline.kafka.clusterName" .) }}
{{- else if include "sightline.kafka.usesTls" . }}
{{- .Values.kafka.tls.caSecret }}
{{- end }}
{{- end }}

{{- define "sightline.kafka.caKey" -}}
{{- ternary "ca.crt" .Values.kafka.tls.caKey .Values.kafka.strimzi.enabled }}
{{- end }}

{{- define "sightline.kafka.saslSecretName" -}}
{{- .Values.kafka.sasl.existingSecret | default (include "sightline.componentName" (dict "root" . "component" "kafka-sasl")) }}
{{- end }}

{{- define "sightline.kafka.saslSecretKey" -}}
{{- ternary .Values.kafka.sasl.existingSecretKey "password" (ne .Values.kafka.sasl.existingSecret "") }}
{{- end }}

{{/* Kafka client properties shared by every service (application.properties lines). */}}
{{- define "sightline.kafka.clientProperties" -}}
kafka.security.protocol={{ include "sightline.kafka.securityProtocol" . }}
{{- if include "sightline.kafka.usesSasl" . }}
{{- $sasl := .Values.kafka.sasl }}
kafka.sasl.mechanism={{ $sasl.mechanism }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $sasl.mechanism "PLAIN") }}
kafka.sasl.jaas.config={{ $module }} required username="${SIGHTLINE_KAFKA_SASL_USERNAME}" password="${SIGHTLINE_KAFKA_SASL_PASSWORD}";
{{- end }}
{{- if include "sightline.kafka.caSecret" . }}
kafka.ssl.truststore.type=PEM
kafka.ssl.truststore.location=/etc/sightline/kafka-ca/{{ include "sightline.kafka.caKey" . }}
{{- end }}
{{- end }}

{{/* Store */}}
{{- define "sightline.store.uri" -}}
{{- if eq .Values.store.type "s3" }}
{{- $s3 := .Values.store.s3 }}
{{- $bucket := required "store.s3.bucket is required when store.type is s3" $s3.bucket }}
{{- if $s3.prefix }}
{{- printf "s3://%s/%s" $bucket (trimAll "/" $s3.prefix) }}
{{- else }}
{{- printf "s3://%s" $bucket }}
{{- end }}
{{- else }}
{{- printf "file:%s" .Values.store.file.mountPath }}
{{- end }}
{{- end }}

{{- define "sightline.store.claimName" -}}
{{- .Values.store.file.existingClaim | default (include "sightline.componentName" (dict "root" . "component" "store")) }}
{{- end }}

{{- define "sightline.store.s3SecretName" -}}
{{- .Values.store.s3.existingSecret | default (include "sightline.componentName" (dict "root" . "component" "s3")) }}
{{- end }}

{{/* True when the services get S3 keys from a Secret (else: IRSA / Workload Identity / instance role). */}}
{{- define "sightline.store.s3UsesSecret" -}}
{{- $s3 := .Values.store.s3 }}
{{- if and (eq .Values.store.type "s3") (or $s3.existingSecret $s3.accessKeyId) }}true{{ end }}
{{- end }}

{{- define "sightline.auth.secretName" -}}
{{- .Values.auth.existingSecret | default (include "sightline.componentName" (dict "root" . "component" "auth")) }}
{{- end }}

{{- define "sightline.auth.secretKey" -}}
{{- ternary .Values.auth.existingSecretKey "token" (ne .Values.auth.existingSecret "") }}
{{- end }}

{{- define "sightline.auth.enabled" -}}
{{- if or .Values.auth.token .Values.auth.existingSecret }}true{{ end }}
{{- end }}

{{/* True for the services that run DJL (PyTorch): those with a DJL cache. Call with the container context. */}}
{{- define "sightline.usesDjl" -}}
{{- if hasKey .service "djlCacheSizeLimit" }}true{{ end }}
{{- end }}

{{/*
Environment every service gets. Call with (dict "root" $ "service" .Values.trainer).
*/}}
{{- define "sightline.env" -}}
{{- $root := .root -}}
{{- $djl := include "sightline.usesDjl" . -}}
- name: QUARKUS_HTTP_PORT
  value: {{ .service.port | quote }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "sightline.kafka.bootstrapServers" $root | quote }}
- name: SIGHTLINE_STORE_URI
  value: {{ include "sightline.store.uri" $root | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ trim (printf "%s -Djava.io.tmpdir=/tmp%s" (.service.javaOptions | default "") (ternary (printf " -Dai.djl.pytorch.num_threads=%v" .service.threads) "" (hasKey .service "threads"))) | quote }}
{{- if $djl }}
- name: DJL_CACHE_DIR
  value: /var/cache/djl
{{- end }}
{{- /* glibc reads these only at process start, so they must be in the container's environment */}}
{{- with .service.nativeMemory }}
{{- if .mallocTuning }}
- name: MALLOC_MMAP_THRESHOLD_
  value: {{ int64 .mmapThreshold | quote }}
- name: MALLOC_TRIM_THRESHOLD_
  value: {{ int64 .trimThreshold | quote }}
- name: MALLOC_TOP_PAD_
  value: {{ int64 .topPad | quote }}
{{- end }}
{{- end }}
{{- if include "sightline.auth.enabled" $root }}
- name: SIGHTLINE_AUTH_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "sightline.auth.secretName" $root }}
      key: {{ include "sightline.auth.secretKey" $root }}
{{- end }}
{{- if include "sightline.kafka.usesSasl" $root }}
- name: SIGHTLINE_KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required with a SASL_* security protocol" $root.Values.kafka.sasl.username | quote }}
- name: SIGHTLINE_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sightline.kafka.saslSecretName" $root }}
      key: {{ include "sightline.kafka.saslSecretKey" $root }}
{{- end }}
{{- if eq $root.Values.store.type "s3" }}
{{- with $root.Values.store.s3.endpoint }}
- name: SIGHTLINE_STORE_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: AWS_REGION
  value: {{ $root.Values.store.s3.region | quote }}
{{- if include "sightline.store.s3UsesSecret" $root }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "sightline.store.s3SecretName" $root }}
      key: {{ ternary $root.Values.store.s3.accessKeyIdKey "AWS_ACCESS_KEY_ID" (ne $root.Values.store.s3.existingSecret "") }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "sightline.store.s3SecretName" $root }}
      key: {{ ternary $root.Values.store.s3.secretAccessKeyKey "AWS_SECRET_ACCESS_KEY" (ne $root.Values.store.s3.existingSecret "") }}
{{- end }}
{{- end }}
{{- if $root.Values.otel.endpoint }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "false"
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $root.Values.otel.endpoint | quote }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $root.Values.otel.protocol | quote }}
{{- end }}
{{- with .service.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Probes. Startup gives the JVM (and DJL's native extraction) time; liveness and readiness then check often.
Call with (dict "port" 8081 "startupSeconds" 120).
*/}}
{{- define "sightline.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: {{ div .startupSeconds 5 }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/* Volume mounts of every service container. Call with the container context. */}}
{{- define "sightline.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: /deployments/config
  readOnly: true
{{- if include "sightline.usesDjl" . }}
- name: djl-cache
  mountPath: /var/cache/djl
{{- end }}
{{- if eq .root.Values.store.type "file" }}
- name: store
  mountPath: {{ .root.Values.store.file.mountPath }}
{{- end }}
{{- if include "sightline.kafka.caSecret" .root }}
- name: kafka-ca
  mountPath: /etc/sightline/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/* Volumes of every service pod. Call with the container context. */}}
{{- define "sightline.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .service.tmpSizeLimit }}
- name: config
  configMap:
    name: {{ include "sightline.componentName" (dict "root" .root "component" .component) }}
{{- with .service.djlCacheSizeLimit }}
- name: djl-cache
  emptyDir:
    sizeLimit: {{ . }}
{{- end }}
{{- if eq .root.Values.store.type "file" }}
- name: store
  persistentVolumeClaim:
    claimName: {{ include "sightline.store.claimName" .root }}
{{- end }}
{{- with include "sightline.kafka.caSecret" .root }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ include "sightline.kafka.caKey" $.root }}
        path: {{ include "sightline.kafka.caKey" $.root }}
{{- end }}
{{- end }}

{{/* Pod-level settings every service shares. */}}
{{- define "sightline.podCommon" -}}
serviceAccountName: {{ include "sightline.serviceAccountName" . }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end }}

{{/*
application.properties of a service: Kafka client settings, then the service's `config` map.
Call with (dict "root" $ "service" .Values.dataset "extra" "<more lines>").
*/}}
{{- define "sightline.applicationProperties" -}}
# Written by the sightline chart; Quarkus reads it from /deployments/config/application.properties.
{{ include "sightline.kafka.clientProperties" .root }}
{{- with .extra }}
{{ . }}
{{- end }}
{{- range $key, $value := .service.config }}
{{ $key }}={{ $value }}
{{- end }}
{{- end }}

{{/* Checksum annotation that restarts pods when their ConfigMap changes. */}}
{{- define "sightline.configChecksum" -}}
checksum/config: {{ include (print .root.Template.BasePath "/" .component "/configmap.yaml") .root | sha256sum }}
{{- end }}
