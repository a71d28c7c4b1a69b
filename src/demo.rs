pub async fn load(_db: &crate::store::Db, _config: &crate::config::Config) -> anyhow::Result<()> {
    Ok(())
}
