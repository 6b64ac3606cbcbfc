{{/*
A Strimzi KafkaUser for one service: its authentication (the listener's) and the ACLs of exactly the topics and
consumer groups it uses. Call with (dict "root" $ "component" "trainer" "acls" (list (dict "topic" "sightline.models"
"operations" (list "Read" "Describe")) (dict "group" "sightline-inference-" "prefix" true "operations" (list "Read")))).
The User Operator writes a Secret of the same name: `password` (SCRAM), or `user.p12`, `user.password`, `user.crt`,
`user.key` (mTLS).
*/}}
{{- define "sightline.kafkaUser" -}}
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaUser
metadata:
  name: {{ include "sightline.componentName" . }}
  labels:
    {{- include "sightline.labels" . | nindent 4 }}
    strimzi.io/cluster: {{ include "sightline.kafka.clusterName" .root }}
spec:
  authentication:
    type: {{ .root.Values.kafka.strimzi.authentication }}
  authorization:
    type: simple
    acls:
      {{- range .acls }}
      - resource:
          type: {{ ternary "topic" "group" (hasKey . "topic") }}
          name: {{ .topic | default .group }}
          patternType: {{ ternary "prefix" "literal" (.prefix | default false) }}
        operations:
          {{- toYaml .operations | nindent 10 }}
      {{- end }}
{{- end }}
