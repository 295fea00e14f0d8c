-- The time of the last poll moved to memory (ciba/PollPacing): a pending poll writes nothing.
alter table backchannel_requests drop column next_poll_at;
