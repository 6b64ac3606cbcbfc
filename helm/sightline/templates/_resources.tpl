{{/*
Resources every service has in the same shape. Each component's folder holds one file per resource that
calls one of these with (dict "root" $ "component" "trainer" "service" .Values.trainer).
*/}}

{{- define "sightline.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .name | default (include "sightline.componentName" .) }}
  labels:
    {{- include "sightline.labels" . | nindent 4 }}
spec:
  type: {{ .service.service.type }}
  selector:
    {{- include "sightline.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .service.service.port }}
      targetPort: http
      protocol: TCP
    {{- if .service.grpcPort }}
    - name: grpc
      port: {{ .service.service.grpcPort | default .service.grpcPort }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
    {{- end }}
{{- end }}

{{- define "sightline.serviceMonitor" -}}
{{- $sm := .root.Values.metrics.serviceMonitor }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "sightline.componentName" . }}
  labels:
    {{- include "sightline.labels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "sightline.selectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ .root.Release.Namespace }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ $sm.interval }}
{{- end }}

{{/*
Allow rules of one service; `<fullname>-default-deny` denies everything else. Ingress: the HTTP port (and the
gRPC port of a service that has one), from
anyone (allowExternal) or from client-labelled pods, the release's helm test pod, the components named in
`ingressFromComponents` (optional list) and the configured peers. Egress: open (allowExternalEgress) or DNS,
Kafka, the S3 endpoint, the HTTP port of the components named in `egressTo` (optional list, e.g. (list "dataset")),
and the extra rules.
*/}}
{{- define "sightline.networkPolicy" -}}
{{- $np := .root.Values.networkPolicy }}
{{- $root := .root }}
{{- $fullname := include "sightline.fullname" .root }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .name | default (include "sightline.componentName" .) }}
  labels:
    {{- include "sightline.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "sightline.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    {{- if not $np.allowExternalEgress }}
    - Egress
    {{- end }}
  ingress:
    - ports:
        - port: http
          protocol: TCP
        {{- if .service.grpcPort }}
        - port: grpc
          protocol: TCP
        {{- end }}
      {{- if not $np.allowExternal }}
      from:
        - podSelector:
            matchLabels:
              {{ $fullname }}-client: "true"
        {{- range $component := append (.ingressFromComponents | default list) "test" }}
        - podSelector:
            matchLabels:
              {{- include "sightline.selectorLabels" (dict "root" $root "component" $component) | nindent 14 }}
        {{- end }}
        {{- range $np.ingressNamespaceSelectors }}
        - namespaceSelector:
            {{- toYaml . | nindent 12 }}
        {{- end }}
        {{- with $np.ingressFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
  {{- if not $np.allowExternalEgress }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- if $root.Values.kafka.strimzi.enabled }}
    - to:
        - podSelector:
            matchLabels:
              strimzi.io/cluster: {{ include "sightline.kafka.clusterName" $root }}
              strimzi.io/broker-role: "true"
      ports:
        - port: {{ ternary 9093 9092 $root.Values.kafka.strimzi.tls }}
          protocol: TCP
    {{- else }}
    - ports:
        {{- range $np.kafkaPorts }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with $np.kafkaTo }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- if eq $root.Values.store.type "s3" }}
    - ports:
        {{- range (include "sightline.store.s3Ports" $root | fromJsonArray) }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with $np.store.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- range $component := .egressTo | default list }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "sightline.selectorLabels" (dict "root" $root "component" $component) | nindent 14 }}
      ports:
        - port: {{ (index $root.Values $component).port }}
          protocol: TCP
    {{- end }}
    {{- with $np.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- with .service.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end }}

{{/* The release's service pods get no traffic but what their own NetworkPolicy allows. */}}
{{- define "sightline.networkPolicy.defaultDeny" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "sightline.componentName" (dict "root" . "component" "default-deny") }}
  labels:
    {{- include "sightline.labels" (dict "root" . "component" "common") | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ include "sightline.name" . }}
      app.kubernetes.io/instance: {{ .Release.Name }}
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: [dataset, trainer, inference]
  policyTypes:
    - Ingress
    - Egress
{{- end }}

{{/*
The service container, less what differs per component (resources and volume mounts are passed in).
Call with (dict "root" $ "component" "trainer" "service" .Values.trainer "startupSeconds" 300
"resources" $resources "suffix" "-cuda").
*/}}
{{- define "sightline.container" -}}
name: {{ .component }}
image: {{ include "sightline.image" . }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: {{ .service.port }}
    protocol: TCP
  {{- if .service.grpcPort }}
  - name: grpc
    containerPort: {{ .service.grpcPort }}
    protocol: TCP
  {{- end }}
env:
  {{- include "sightline.env" . | nindent 2 }}
{{ include "sightline.probes" . }}
resources:
  {{- toYaml .resources | nindent 2 }}
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
volumeMounts:
  {{- include "sightline.volumeMounts" . | nindent 2 }}
{{- end }}

{{/*
A service Deployment. Besides the container context, the caller passes:
  autoscaled  – true when an HPA or KEDA owns the replicas (then none are written)
  strategy    – the Deployment strategy (optional)
  podExtra    – more pod spec fields, e.g. runtimeClassName (optional)
  tolerations, affinity – as computed for the component
*/}}
{{- define "sightline.deployment" -}}
{{- $svc := .service }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name | default (include "sightline.componentName" .) }}
  labels:
    {{- include "sightline.labels" . | nindent 4 }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      {{- include "sightline.selectorLabels" . | nindent 6 }}
  {{- with .strategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  template:
    metadata:
      labels:
        {{- include "sightline.labels" . | nindent 8 }}
        {{- with $svc.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- include "sightline.configChecksum" . | nindent 8 }}
        {{- with $svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "sightline.podCommon" .root | nindent 6 }}
      {{- with .podExtra }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
      containers:
        - {{ include "sightline.container" . | nindent 10 | trim }}
      volumes:
        {{- include "sightline.volumes" . | nindent 8 }}
      {{- with $svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
