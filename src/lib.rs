//! Convoca: learning festivals, conferences and forums for the cities of UNESCO's Global
//! Network of Learning Cities.
//!
//! A map of the crate, from the outside in:
//!
//! - [`cli`]: the `convoca` commands; [`config`]: settings from the environment.
//! - [`app`]: builds the service (database, migrations, listener) and its routes;
//!   [`state`]: what handlers, jobs and operations share.
//! - [`api`]: the HTTP surface, one file per resource; thin handlers only.
//! - [`pages`]: the HTML pages people use, one file per page, in their language; the
//!   organisers' console is [`pages::console`].
//! - [`operations`]: every change of state, one function each, owning its transaction
//!   (how a registration is taken: [`operations::registrations::register`]).
//! - [`domain`]: the rules, as plain functions and types with unit tests.
//! - [`store`]: sea-orm queries and transactions, one file per aggregate.
//! - [`error`]: the one error type, and the one place it becomes problem+json.
//! - [`mail`]: email templates, messages, transport and the outbox dispatcher;
//!   [`jobs`]: the scheduler and its jobs (reminders, sending, retention).
//! - [`i18n`]: the languages (Fluent catalogues in `locales/`) of pages and emails.
//! - [`compression`]: brotli/gzip for pages, JSON and feeds.
//! - [`metrics`]: Prometheus request metrics; [`demo`]: the demo festival;
//!   [`limits`]: flood limits for anonymous writes; [`idle`]: closing quiet connections;
//!   [`qr`]: the check-in QR codes of confirmations; [`charts`]: the figures' SVG charts.
//!
//! The tables are in the `entity` crate and their history in `migration`.

pub mod api;
pub mod app;
pub mod charts;
pub mod cli;
pub mod compression;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod idle;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod memory;
pub mod metrics;
pub mod operations;
pub mod pages;
pub mod qr;
pub mod state;
pub mod store;
