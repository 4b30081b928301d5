{{/* Chart name, truncated to the 63 characters a DNS label allows. */}}
{{- define "engagement-advisor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release-chart unless the release name already contains it. */}}
{{- define "engagement-advisor.fullname" -}}
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

{{- define "engagement-advisor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "engagement-advisor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "engagement-advisor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "engagement-advisor.labels" -}}
helm.sh/chart: {{ include "engagement-advisor.chart" . }}
{{ include "engagement-advisor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: engagement-advisor
{{- end }}

{{/* repository:tag, or repository@digest when a digest is given (the tag is then ignored). */}}
{{- define "engagement-advisor.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret holding the credentials: the existing one, the chart's own, or none (""). */}}
{{- define "engagement-advisor.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if .Values.secrets.values }}
{{- include "engagement-advisor.fullname" . }}
{{- end }}
{{- end }}

{{/* The Secret holding REDIS_URL: the existing one, else "<fullname>-redis" (maybe the chart's own). */}}
{{- define "engagement-advisor.redisSecretName" -}}
{{- default (printf "%s-redis" (include "engagement-advisor.fullname" .) | trunc 63 | trimSuffix "-") .Values.redis.existingSecret.name }}
{{- end }}

{{/* REDIS_URL for the container's env list: always from a Secret, never a plain value. */}}
{{- define "engagement-advisor.redisEnv" -}}
{{- if .Values.redis.bundled.enabled }}
- name: BUNDLED_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "engagement-advisor.bundledRedisAuthSecret" . }}
      key: {{ .Values.redis.bundled.auth.key }}
- name: REDIS_URL
  value: {{ printf "redis://:$(BUNDLED_REDIS_PASSWORD)@%s:6379/0" (include "engagement-advisor.bundledRedisName" .) | quote }}
{{- else }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "engagement-advisor.redisSecretName" . }}
      key: {{ .Values.redis.existingSecret.key }}
{{- end }}
{{- end }}

{{/* The bundled Redis: its StatefulSet/Service name and the Secret with its password. */}}
{{- define "engagement-advisor.bundledRedisName" -}}
{{- printf "%s-redis" (include "engagement-advisor.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "engagement-advisor.bundledRedisAuthSecret" -}}
{{- with .Values.redis.bundled.auth }}
{{- if .existingSecret }}
{{- .existingSecret }}
{{- else if .password }}
{{- printf "%s-redis-auth" (include "engagement-advisor.fullname" $) | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- fail "redis.bundled.enabled needs a stable password: redis.bundled.auth.existingSecret (recommended) or redis.bundled.auth.password" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Checks across values that a JSON schema cannot express; renders nothing. */}}
{{- define "engagement-advisor.validate" -}}
{{- with .Values.autoscaling }}
{{- if gt (int .minReplicas) (int .maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas (%d) is above autoscaling.maxReplicas (%d)" (int .minReplicas) (int .maxReplicas)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The pods' ServiceAccount: the chart's own (create), a named existing one, or "default". */}}
{{- define "engagement-advisor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "engagement-advisor.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Where redis.caSecret is mounted; ADVISOR_REDIS_CA_FILE points inside it. */}}
{{- define "engagement-advisor.redisCaDir" -}}
/etc/advisor/redis-ca
{{- end }}

{{/* The bundled Redis's labels: its own name, so the advisor's selectors never pick it up. */}}
{{- define "engagement-advisor.bundledRedisSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-redis" (include "engagement-advisor.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "engagement-advisor.bundledRedisLabels" -}}
helm.sh/chart: {{ include "engagement-advisor.chart" . }}
{{ include "engagement-advisor.bundledRedisSelectorLabels" . }}
app.kubernetes.io/version: {{ .Values.redis.bundled.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: engagement-advisor
app.kubernetes.io/component: redis
{{- end }}
