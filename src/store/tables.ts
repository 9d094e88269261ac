import type { Generated } from 'kysely';

/** Row types of the registry tables (snake_case, as stored). */
export interface Tables {
  app: {
    id: string;
    name: string;
    name_key: string;
    status: string;
    owner: string;
    backup_owner: string | null;
    business_unit: string;
    tier: number;
    score: number;
    current_revision_id: string;
    approved_revision_id: string | null;
    expires_at: string | null;
    created_at: string;
    updated_at: string;
    retention_days: number | null;
    sandbox_since: string | null;
    last_active_at: string | null;
  };
  revision: {
    id: string;
    app_id: string;
    number: number;
    manifest: string;
    assessment: string;
    policy_version: string;
    submitted_by: string;
    created_at: string;
  };
  review: {
    id: string;
    app_id: string;
    revision_id: string;
    status: string;
    required_approvals: string;
    version: number;
    decided_by: string | null;
    decided_at: string | null;
    reason: string | null;
    created_at: string;
  };
  approval: {
    review_id: string;
    approver: string;
    role: string;
    created_at: string;
  };
  audit_event: {
    seq: number;
    id: string;
    at: string;
    actor_platform: string;
    actor_tenant: string | null;
    actor_user: string;
    action: string;
    target_type: string;
    target_id: string;
    outcome: string;
    reason: string | null;
    policy_version: string | null;
    risk_score: number | null;
    details: string;
    prev_hash: string;
    hash: string;
  };
  audit_head: {
    id: Generated<number>;
    seq: number;
    hash: string;
  };
  delivery: { key: string; received_at: string };
  card_copy: {
    id: string;
    review_id: string;
    platform: string;
    address: string;
    message_id: string;
    posted_at: string;
  };
  outbox: {
    id: string;
    lane: string;
    recipient: string;
    message: string;
    dedupe_key: string | null;
    state: string;
    attempts: number;
    due_at: string;
    lease_owner: string | null;
    lease_until: string | null;
    send_started_at: string | null;
    last_error: string | null;
    fix: string | null;
    message_ref: string | null;
    created_at: string;
    done_at: string | null;
  };
  person: {
    id: string;
    email: string | null;
    display_name: string | null;
    time_zone: string | null;
    working_hours: string | null;
    active: number;
    last_seen_at: string | null;
    refreshed_at: string;
    deactivated_at: Generated<string | null>;
  };
  person_ref: { ref: string; person_id: string };
  platform_address: { platform: string; key: string; address: string; updated_at: string };
  reminder: {
    id: string;
    app_id: string;
    obligation: string;
    cycle: string;
    stage: string;
    recipient: string;
    due_at: string;
    send_after: string;
    state: string;
    escalated: number;
    sends: number;
    digest_id: string | null;
    sent_at: string | null;
    created_at: string;
  };
  incident: {
    id: string;
    app_id: string;
    summary: string;
    opened_by: string;
    opened_at: string;
    acknowledged_by: string | null;
    acknowledged_at: string | null;
    resolved_by: string | null;
    resolved_at: string | null;
  };
  app_token: {
    id: string;
    app_id: string;
    token_hash: string;
    created_by: string;
    created_at: string;
    revoked_at: string | null;
    revoked_by: string | null;
    last_used_at: string | null;
  };
  audit_checkpoint: {
    size: number | string | bigint;
    root: string;
    note: string;
    frontier: string;
    created_at: string;
  };
  api_token: {
    id: string;
    name: string;
    token_hash: string;
    scopes: string;
    created_by: string;
    created_at: string;
    revoked_at: string | null;
    revoked_by: string | null;
    last_used_at: string | null;
  };
  api_idempotency: {
    key: string;
    principal: string;
    request_hash: string;
    status: number;
    body: string;
    created_at: string;
  };
  ci_token_use: {
    jti: string;
    expires_at: string;
  };
  app_value: {
    app_id: string;
    revision_id: string;
    hours_saved_per_month: number | null;
    users: number | null;
    answered_by: string;
    answered_at: string;
  };
  sign_in_link: {
    token_hash: string;
    email: string;
    created_by: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  dashboard_session: { id_hash: string; email: string; created_at: string; expires_at: string };
  purge_answer: {
    id: string;
    app_id: string;
    obligation: string;
    cycle: string;
    outcome: string;
    answered_by: string;
    answered_at: string;
  };
  policy_exception: {
    id: string;
    app_id: string;
    rule_id: string;
    controls: string;
    granted_by: string;
    granted_at: string;
    expires_at: string;
    ended_at: string | null;
    ended_by: string | null;
  };
  role_group: {
    group_key: string;
    read_at: string | null;
    attempted_at: string;
    problem: string | null;
    fix: string | null;
  };
  role_group_member: {
    group_key: string;
    member_key: string;
    ref: string | null;
    email: string | null;
    display_name: string | null;
  };
  discovered_item: {
    ref: string;
    source: string;
    external_id: string;
    name: string;
    kind: string;
    people: string;
    created_at: string | null;
    last_modified_at: string | null;
    last_used_at: string | null;
    url: string | null;
    permissions: string;
    weight: number;
    first_seen_at: string;
    last_seen_at: string;
    seen_in_scan: string;
    missed_scans: number;
    gone_at: string | null;
    claim: string;
    ignored_reason: string | null;
    ignored_until: string | null;
    ignored_by: string | null;
    ignored_at: string | null;
    asked_at: string | null;
    asked_person: string | null;
    answered_by: string | null;
    answered_at: string | null;
    admin_notified_at: string | null;
    creator_unreachable_at: string | null;
  };
  discovery_scan: {
    source: string;
    scan_id: string | null;
    cursor: string | null;
    started_at: string | null;
    pages: number;
    last_complete_at: string | null;
    error_code: string | null;
    error_fix: string | null;
    error_at: string | null;
    error_retry_at: string | null;
    lease_owner: string | null;
    lease_until: string | null;
  };
  app_fact: { app_id: string; kind: string; value: string; revision_id: string; secret: number; live: number };
  app_external_ref: { ref: string; app_id: string; listed_at: string };
  app_health: {
    app_id: string;
    status: string;
    since: string;
    last_checked_at: string;
    consecutive_failures: number;
    last_error: string | null;
    alerted_at: string | null;
    escalated_at: string | null;
  };
  app_health_check: { app_id: string; at: string; status: string; reason: string | null; ms: number };
  health_round: {
    id: string;
    lease_owner: string | null;
    lease_until: string | null;
    last_started_at: string | null;
    last_complete_at: string | null;
  };
  siem_cursor: {
    sink: string;
    seq: Generated<number | string | bigint>;
    lease_owner: string | null;
    lease_until: string | null;
    last_error: string | null;
    last_error_at: string | null;
    sent_at: string | null;
  };
  kysely_migration: { name: string; timestamp: string };
}
