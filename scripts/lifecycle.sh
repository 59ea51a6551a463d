#!/usr/bin/env bash
# Drives one account through its whole lifecycle with curl, as a new user would, against a running GasLedger
# (./run.sh in another terminal). Prints each request and its answer. Needs curl and jq.
#   scripts/lifecycle.sh [BASE_URL]        (default http://127.0.0.1:5080)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-http://127.0.0.1:5080}"
KEYS=.gasledger/dev-keys.json
key() { jq -r ".$1" "$KEYS"; }

# post ROLE PATH BODY: prints the call and the answer; the answer's body is left in $ANSWER.
post() {
  local role="$1" path="$2" body="$3"
  printf '\n\033[1mPOST %s\033[0m  (as %s)\n%s\n' "$path" "$role" "$(echo "$body" | jq -c .)"
  local out; out=$(curl -s -w '\n%{http_code}' -X POST "$BASE$path" -H "X-Api-Key: $(key "$role")" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "$body")
  ANSWER=$(echo "$out" | sed '$d'); local code; code=$(echo "$out" | tail -n1)
  printf '→ %s %s\n' "$code" "$(echo "$ANSWER" | jq -c .)"
  case "$code" in 2*) ;; *) echo "unexpected answer" >&2; exit 1 ;; esac
}
get() {
  printf '\n\033[1mGET %s\033[0m\n' "$1" >&2
  curl -s "$BASE$1" -H "X-Api-Key: $(key agent)"   # the counter agent reads the account (analysts read reports only)
}

post agent /api/accounts '{
  "holder": { "kind": "person", "name": "张三", "idNumber": "110101199003071234", "phone": "13800138000", "specialCare": false },
  "address": { "district": "西湖区", "community": "翠苑一区", "building": "12", "unit": "2", "room": "301" },
  "category": "residential", "buildingType": "multiStorey", "meterType": "readMeter", "paymentMethod": "bankDirectDebit",
  "bank": { "cardNumber": "6222020202020202020", "bankName": "工商银行", "cardHolder": "张三" },
  "channel": "counter", "nature": "individual", "priority": "waiting",
  "sms": { "number": "13800138000", "provider": "中国移动" }, "invoiceDate": "2026-09-01",
  "occurredAt": "2026-09-01T09:10:00+08:00" }'
ID=$(echo "$ANSWER" | jq -r .accountId)
A=/api/accounts/$ID

post agent "$A/application-fee" '{ "amount": 2400, "invoiceNumber": "33010000123", "invoiceDate": "2026-09-01", "occurredAt": "2026-09-01T09:20:00+08:00" }'
post agent "$A/installation/schedule" '{ "kind": "new", "appointmentDate": "2026-09-04", "occurredAt": "2026-09-02T10:00:00+08:00" }'
post technician "$A/installation/complete" '{ "installer": "S-1021", "meterSerial": "M2026090001", "pipeLengthMeters": 6.5, "overLengthCharge": 0, "occurredAt": "2026-09-04T15:00:00+08:00" }'
post agent "$A/ignition/request" '{ "requestedDate": "2026-09-08", "occurredAt": "2026-09-05T09:00:00+08:00" }'
post technician "$A/ignition/complete" '{ "technician": "S-2001", "stoveHasFlameOutProtection": true, "airtightnessPassed": true,
  "hose": { "lengthMeters": 1.5, "price": 45, "invoiced": true }, "occurredAt": "2026-09-08T10:30:00+08:00" }'
post technician "$A/inspections" '{ "inspector": "S-3001", "outcome": "hazardsFound", "hazards": [ { "code": "agedHose", "severity": "minor" } ],
  "requestedByHolder": false, "occurredAt": "2026-10-10T14:00:00+08:00" }'
# (each hazard may carry its rectification notice's number and the holder's signature: "noticeNumber", "signedByHolder")
HAZARD=$(echo "$ANSWER" | jq -r '.hazardIds[0]')
post technician "$A/hazards/$HAZARD/rectify" '{ "recheckedBy": "S-3001", "occurredAt": "2026-10-12T11:00:00+08:00" }'
post agent "$A/complaints" '{ "channel": "phone", "category": "charges", "complexity": "simple", "content": "点火时收软管费未开票", "occurredAt": "2026-10-15T09:00:00+08:00" }'
C=$A/complaints/$(echo "$ANSWER" | jq -r .complaintId)
post agent "$C/acknowledge" '{ "by": "S-5001", "occurredAt": "2026-10-15T11:00:00+08:00" }'
post agent "$C/verify" '{ "verification": "proven", "by": "S-5001", "occurredAt": "2026-10-15T15:00:00+08:00" }'
post agent "$C/reply" '{ "by": "S-5001", "decision": "核查收费记录", "occurredAt": "2026-10-15T16:00:00+08:00" }'
post agent "$C/resolve" '{ "by": "S-5001", "resolution": "补开发票", "occurredAt": "2026-10-16T10:00:00+08:00" }'
post agent "$C/result-notice" '{ "channel": "letter", "occurredAt": "2026-10-16T15:00:00+08:00" }'
post callbackStaff "$C/follow-up" '{ "by": "S-6001", "satisfaction": "dissatisfied", "occurredAt": "2026-10-17T10:00:00+08:00" }'
post agent "$C/resolve" '{ "by": "S-5001", "resolution": "补开发票并致歉，退还软管差价", "occurredAt": "2026-10-19T10:00:00+08:00" }'
post callbackStaff "$C/follow-up" '{ "by": "S-6001", "satisfaction": "satisfied", "occurredAt": "2026-10-20T10:00:00+08:00" }'
post agent "$A/repairs" '{ "emergency": false, "description": "灶具打不着火", "location": "urban", "occurredAt": "2026-10-22T08:00:00+08:00" }'
R=$A/repairs/$(echo "$ANSWER" | jq -r .repairId)
post agent "$R/dispatch" '{ "technician": "S-2002", "occurredAt": "2026-10-22T08:10:00+08:00" }'
post technician "$R/arrive" '{ "occurredAt": "2026-10-22T09:30:00+08:00" }'
post technician "$R/complete" '{ "airtightnessPassed": true, "hazards": [], "charge": { "amount": 30, "invoiced": true }, "occurredAt": "2026-10-22T10:30:00+08:00" }'
post callbackStaff "$A/callbacks" '{ "kind": "afterRepair", "staff": "S-6001", "reached": true, "satisfaction": "verySatisfied",
  "answers": [ { "question": "attitude", "satisfaction": "verySatisfied" }, { "question": "timeliness", "satisfaction": "satisfied" } ],
  "needs": "希望提供线上缴费", "irregularCharge": { "reported": false }, "opinions": "", "occurredAt": "2026-10-22T10:40:00+08:00" }'
# The counter keeps the file current (R-ACC-7) and records its minutes (R-APP-5): a new phone, a hose replacement asked for.
post agent "$A/contact" '{ "phone": "13800138001", "handlingMinutes": 3, "counter": "西湖营业厅-2", "occurredAt": "2026-10-23T10:00:00+08:00" }'
post agent "$A/visits" '{ "kind": "hoseReplacement", "note": "软管老化", "occurredAt": "2026-10-26T09:00:00+08:00" }'
V=$A/visits/$(echo "$ANSWER" | jq -r .visitId)
post technician "$V/complete" '{ "technician": "S-2001", "hose": { "lengthMeters": 1.2, "price": 38, "invoiced": true }, "occurredAt": "2026-10-27T10:00:00+08:00" }'
post technician "$A/usage" '{ "kind": "meterReading", "volumeM3": 35.2, "periodEnd": "2026-10-31", "occurredAt": "2026-10-31T12:00:00+08:00" }'
post agent "$A/transfer" '{ "newHolder": { "kind": "person", "name": "李四", "idNumber": "330102198805120021", "phone": "13900139000" },
  "propertyProof": "浙(2026)杭州市不动产权第0012345号", "paymentMethod": "counter", "bank": null, "occurredAt": "2026-11-02T10:00:00+08:00" }'
# A planned interruption of the building (R-SUP-4), told three days ahead: the account gets its interruption and, after the
# window, its restoration, through durable messages; the notice says where it stands.
post agent /api/supply/interruptions '{ "kind": "planned", "area": { "district": "西湖区", "community": "翠苑一区", "buildings": ["12"] },
  "from": "2026-11-03T09:00:00+08:00", "until": "2026-11-03T15:00:00+08:00", "channels": ["posting", "sms"],
  "noticeGivenAt": "2026-10-31T10:00:00+08:00", "remarks": "中压管线改造" }'
I=/api/supply/interruptions/$(echo "$ANSWER" | jq -r .interruptionId)
for _ in $(seq 100); do [ "$(get "$I" 2>/dev/null | jq -r .status)" = restored ] && break; sleep 0.2; done
get "$I" | jq -c '{status, accounts, interrupted, restored, restoreReason}'
post agent "$A/suspend" '{ "reason": "holderRequest", "occurredAt": "2026-11-05T10:00:00+08:00" }'
post agent "$A/resume" '{ "occurredAt": "2026-11-06T10:00:00+08:00" }'
post agent "$A/close" '{ "reason": "holderRequest", "occurredAt": "2026-11-10T10:00:00+08:00" }'

get "$A" | jq .
get "$A/history" | jq -r '.items[] | "\(.sequence)\tv\(.version)\t\(.occurredAt)\t\(.type)\t\(.recordedBy)"'
get "$A?asOf=2026-11-01" | jq '{number, state, holder, paymentMethod, version, asOf}'
