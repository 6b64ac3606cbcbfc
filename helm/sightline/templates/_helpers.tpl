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
{{- with .pool }}
sightline.io/inference-pool: {{ . }}
{{- end }}
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

{{/* The Strimzi listener's client authentication: scram-sha-512, tls (mTLS) or none. */}}
{{- define "sightline.kafka.strimziAuthentication" -}}
{{- if .Values.kafka.strimzi.enabled }}{{ .Values.kafka.strimzi.authentication }}{{ end }}
{{- end }}

{{- define "sightline.kafka.securityProtocol" -}}
{{- if .Values.kafka.strimzi.enabled }}
{{- $scram := eq .Values.kafka.strimzi.authentication "scram-sha-512" }}
{{- if .Values.kafka.strimzi.tls }}{{ ternary "SASL_SSL" "SSL" $scram }}{{ else }}{{ ternary "SASL_PLAINTEXT" "PLAINTEXT" $scram }}{{ end }}
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

{{/*
Kafka identity of one service, so that ACLs can tell the services apart. Call with (dict "root" $ "component"
"trainer"). With Strimzi authentication: the KafkaUser `<fullname>-<component>` and the Secret its User Operator
writes (key `password`, or `user.p12` + `user.password` for mTLS). Otherwise `kafka.users.<component>`, falling
back to the shared `kafka.sasl.*`.
*/}}
{{- define "sightline.kafka.userName" -}}
{{- if include "sightline.kafka.strimziUsers" .root }}
{{- include "sightline.componentName" . }}
{{- else }}
{{- (index .root.Values.kafka.users .component).username | default .root.Values.kafka.sasl.username }}
{{- end }}
{{- end }}

{{- define "sightline.kafka.userSaslSecretName" -}}
{{- if include "sightline.kafka.strimziUsers" .root }}
{{- include "sightline.componentName" . }}
{{- else }}
{{- (index .root.Values.kafka.users .component).existingSecret | default (include "sightline.kafka.saslSecretName" .root) }}
{{- end }}
{{- end }}

{{- define "sightline.kafka.userSaslSecretKey" -}}
{{- $user := index .root.Values.kafka.users .component }}
{{- if include "sightline.kafka.strimziUsers" .root }}password
{{- else if $user.existingSecret }}{{ $user.existingSecretKey }}
{{- else }}{{ include "sightline.kafka.saslSecretKey" .root }}
{{- end }}
{{- end }}

{{/* Secret with the service's client certificate (Strimzi layout: user.p12, user.password, user.crt, user.key); empty without mTLS. */}}
{{- define "sightline.kafka.userCertificateSecret" -}}
{{- if eq (include "sightline.kafka.strimziAuthentication" .root) "tls" }}
{{- include "sightline.componentName" . }}
{{- else if and (not .root.Values.kafka.strimzi.enabled) (include "sightline.kafka.usesTls" .root) }}
{{- (index .root.Values.kafka.users .component).certificateSecret }}
{{- end }}
{{- end }}

{{/* True when the chart creates a KafkaUser per service (Strimzi with client authentication). */}}
{{- define "sightline.kafka.strimziUsers" -}}
{{- if and .Values.kafka.strimzi.enabled (ne .Values.kafka.strimzi.authentication "none") }}true{{ end }}
{{- end }}

{{/* The SASL mechanism the clients use: Strimzi's listener takes SCRAM-SHA-512 only. */}}
{{- define "sightline.kafka.saslMechanism" -}}
{{- ternary "SCRAM-SHA-512" .Values.kafka.sasl.mechanism .Values.kafka.strimzi.enabled }}
{{- end }}

{{/*
Kafka client properties of one service (application.properties lines). Call with (dict "root" $ "component" "trainer").
*/}}
{{- define "sightline.kafka.clientProperties" -}}
{{- $root := .root -}}
kafka.security.protocol={{ include "sightline.kafka.securityProtocol" $root }}
{{- if include "sightline.kafka.usesSasl" $root }}
{{- $mechanism := include "sightline.kafka.saslMechanism" $root }}
kafka.sasl.mechanism={{ $mechanism }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $mechanism "PLAIN") }}
kafka.sasl.jaas.config={{ $module }} required username="${SIGHTLINE_KAFKA_SASL_USERNAME}" password="${SIGHTLINE_KAFKA_SASL_PASSWORD}";
{{- end }}
{{- if include "sightline.kafka.caSecret" $root }}
kafka.ssl.truststore.type=PEM
kafka.ssl.truststore.location=/etc/sightline/kafka-ca/{{ include "sightline.kafka.caKey" $root }}
{{- end }}
{{- if include "sightline.kafka.userCertificateSecret" . }}
kafka.ssl.keystore.type=PKCS12
kafka.ssl.keystore.location=/etc/sightline/kafka-user/user.p12
kafka.ssl.keystore.password=${SIGHTLINE_KAFKA_KEYSTORE_PASSWORD}
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

{{/* Ports of the S3 endpoint as a JSON array: configured, else the endpoint's own (443 for AWS). */}}
{{- define "sightline.store.s3Ports" -}}
{{- $ports := .Values.networkPolicy.store.ports }}
{{- if not $ports }}
{{- $endpoint := .Values.store.s3.endpoint }}
{{- if $endpoint }}
{{- $url := urlParse $endpoint }}
{{- $hostPort := splitList ":" $url.host }}
{{- if gt (len $hostPort) 1 }}
{{- $ports = list (last $hostPort | int) }}
{{- else }}
{{- $ports = list (ternary 80 443 (eq $url.scheme "http")) }}
{{- end }}
{{- else }}
{{- $ports = list 443 }}
{{- end }}
{{- end }}
{{- toJson $ports }}
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

{{/*
S3 key Secret of one service: its own (store.s3.serviceSecrets.<component>), else the shared one; empty
without keys. Call with (dict "root" $ "component" "inference").
*/}}
{{- define "sightline.store.s3ServiceSecret" -}}
{{- if eq .root.Values.store.type "s3" }}
{{- $own := index .root.Values.store.s3.serviceSecrets .component | default "" }}
{{- if $own }}{{ $own }}
{{- else if include "sightline.store.s3UsesSecret" .root }}{{ include "sightline.store.s3SecretName" .root }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sightline.auth.secretName" -}}
{{- .Values.auth.existingSecret | default (include "sightline.componentName" (dict "root" . "component" "auth")) }}
{{- end }}

{{- define "sightline.auth.secretKey" -}}
{{- ternary .Values.auth.existingSecretKey "token" (ne .Values.auth.existingSecret "") }}
{{- end }}

{{/* True when the single legacy token is configured. */}}
{{- define "sightline.auth.enabled" -}}
{{- if or .Values.auth.token .Values.auth.existingSecret }}true{{ end }}
{{- end }}

{{/* True when any identity is configured: hashed tokens, an issuer's JWTs or the legacy token. */}}
{{- define "sightline.auth.hasIdentity" -}}
{{- $auth := .Values.auth }}
{{- if or (include "sightline.auth.enabled" .) $auth.tokens.existingSecret $auth.jwt.publicKeyLocation }}true{{ end }}
{{- end }}

{{/*
Refuses an open install unless asked for (values.schema.json says the same; this also holds with
--skip-schema-validation), and combinations that would deploy broken.
*/}}
{{- define "sightline.validate" -}}
{{- if not (or (include "sightline.auth.hasIdentity" .) .Values.auth.insecure) }}
{{- fail "auth: no identity is configured (auth.tokens.existingSecret, auth.jwt.publicKeyLocation, auth.existingSecret or auth.token). The chart does not install open: configure one, or set auth.insecure=true for a throw-away sandbox." }}
{{- end }}
{{- if and .Values.kafka.strimzi.enabled (eq .Values.kafka.strimzi.authentication "tls") (not .Values.kafka.strimzi.tls) }}
{{- fail "kafka.strimzi.authentication=tls (mTLS) needs kafka.strimzi.tls=true" }}
{{- end }}
{{- end }}

{{/* Auth settings of every service (application.properties lines); none when running open. */}}
{{- define "sightline.auth.properties" -}}
{{- $auth := .Values.auth }}
{{- if include "sightline.auth.hasIdentity" . }}
sightline.auth.protect-reads={{ $auth.protectReads }}
sightline.auth.protect-predict={{ $auth.protectPredict }}
sightline.auth.protect-metrics={{ $auth.protectMetrics }}
{{- if $auth.jwt.publicKeyLocation }}
sightline.auth.jwt.roles-claim={{ $auth.jwt.rolesClaim }}
{{- range $group, $roles := $auth.jwt.roleMapping }}
sightline.auth.jwt.role-mapping.{{ printf "%q" $group }}={{ $roles }}
{{- end }}
{{- end }}
{{- end }}
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
{{- if .service.grpcPort }}
- name: QUARKUS_GRPC_SERVER_PORT
  value: {{ .service.grpcPort | quote }}
{{- end }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "sightline.kafka.bootstrapServers" $root | quote }}
- name: SIGHTLINE_STORE_URI
  value: {{ include "sightline.store.uri" $root | quote }}
{{- /* the class-data archive the image wrote at build (deploy/docker); first, so that javaOptions can override it.
Xshare:auto: an archive that is missing or from another JVM is skipped, never fatal */}}
{{- $cds := ternary "-XX:SharedArchiveFile=/deployments/app-cds.jsa -Xshare:auto " "" (.service.classDataSharing | default false) }}
- name: JAVA_TOOL_OPTIONS
  value: {{ trim (printf "%s%s -Djava.io.tmpdir=/tmp%s" $cds (.service.javaOptions | default "") (ternary (printf " -Dai.djl.pytorch.num_threads=%v" .service.threads) "" (hasKey .service "threads"))) | quote }}
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
{{- with $root.Values.auth.tokens.existingSecret }}
- name: SIGHTLINE_AUTH_TOKEN_LIST
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $root.Values.auth.tokens.existingSecretKey }}
{{- end }}
{{- with $root.Values.auth.jwt }}
{{- if .publicKeyLocation }}
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: {{ .publicKeyLocation | quote }}
{{- with .issuer }}
- name: MP_JWT_VERIFY_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with .audiences }}
- name: MP_JWT_VERIFY_AUDIENCES
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- $kafkaUser := dict "root" $root "component" .component }}
{{- if include "sightline.kafka.usesSasl" $root }}
- name: SIGHTLINE_KAFKA_SASL_USERNAME
  value: {{ include "sightline.kafka.userName" $kafkaUser | required (printf "kafka.users.%s.username or kafka.sasl.username is required with a SASL_* security protocol" .component) | quote }}
- name: SIGHTLINE_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sightline.kafka.userSaslSecretName" $kafkaUser }}
      key: {{ include "sightline.kafka.userSaslSecretKey" $kafkaUser }}
{{- end }}
{{- with include "sightline.kafka.userCertificateSecret" $kafkaUser }}
- name: SIGHTLINE_KAFKA_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: user.password
{{- end }}
{{- if eq $root.Values.store.type "s3" }}
{{- with $root.Values.store.s3.endpoint }}
- name: SIGHTLINE_STORE_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: AWS_REGION
  value: {{ $root.Values.store.s3.region | quote }}
{{- with .service.s3CacheMaxBytes }}
- name: SIGHTLINE_STORE_S3_CACHE_MAX_BYTES
  value: {{ . | int64 | toString | quote }}
{{- end }}
{{- with include "sightline.store.s3ServiceSecret" (dict "root" $root "component" .component) }}
{{- /* the chart's own Secret uses the AWS names; an existing one (shared or per service) the configured keys */}}
{{- $chartOwned := eq . (include "sightline.componentName" (dict "root" $root "component" "s3")) }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ ternary "AWS_ACCESS_KEY_ID" $root.Values.store.s3.accessKeyIdKey $chartOwned }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ ternary "AWS_SECRET_ACCESS_KEY" $root.Values.store.s3.secretAccessKeyKey $chartOwned }}
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
{{- if include "sightline.kafka.userCertificateSecret" . }}
- name: kafka-user
  mountPath: /etc/sightline/kafka-user
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
{{- with include "sightline.kafka.userCertificateSecret" . }}
- name: kafka-user
  secret:
    secretName: {{ . }}
    items:
      - key: user.p12
        path: user.p12
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
application.properties of a service: Kafka client and auth settings, then the service's `config` map.
Call with (dict "root" $ "component" "dataset" "service" .Values.dataset "extra" "<more lines>").
*/}}
{{- define "sightline.applicationProperties" -}}
# Written by the sightline chart; Quarkus reads it from /deployments/config/application.properties.
quarkus.http.host=0.0.0.0
{{- if .root.Values.auth.insecure }}
sightline.auth.insecure=true
{{- end }}
{{ include "sightline.kafka.clientProperties" . }}
{{- with include "sightline.auth.properties" .root }}
{{ . | trim }}
{{- end }}
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
