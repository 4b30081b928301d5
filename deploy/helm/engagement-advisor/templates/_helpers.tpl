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

{{- define "engagement-advisor.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret holding the credentials: the existing one, the chart's own, or none (""). */}}
{{- define "engagement-advisor.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if .Values.secrets.values }}
{{- include "engagement-advisor.fullname" . }}
{{- end }}
{{- end }}

{{/* Bitnami's naming of the Redis subchart: <release>-redis unless the release contains "redis". */}}
{{- define "engagement-advisor.redisFullname" -}}
{{- if .Values.redis.fullnameOverride }}
{{- .Values.redis.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default "redis" .Values.redis.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* REDIS_URL (and the password it interpolates) for the container's env list. */}}
{{- define "engagement-advisor.redisEnv" -}}
{{- if .Values.redis.enabled }}
{{- $redis := include "engagement-advisor.redisFullname" . }}
{{- if .Values.redis.auth.enabled }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default $redis .Values.redis.auth.existingSecret }}
      key: {{ default "redis-password" .Values.redis.auth.existingSecretPasswordKey }}
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s-master:6379/0" $redis | quote }}
{{- else }}
- name: REDIS_URL
  value: {{ printf "redis://%s-master:6379/0" $redis | quote }}
{{- end }}
{{- else if .Values.externalRedisUrlSecret.name }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalRedisUrlSecret.name }}
      key: {{ .Values.externalRedisUrlSecret.key }}
{{- else if .Values.externalRedisUrl }}
- name: REDIS_URL
  value: {{ .Values.externalRedisUrl | quote }}
{{- else }}
{{- fail "Redis is required: set redis.enabled=true, externalRedisUrl or externalRedisUrlSecret.name (pods share conversations through it)" }}
{{- end }}
{{- end }}
